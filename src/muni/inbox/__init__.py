"""The inbox: citizen questions muni did not answer well (unanswered, low confidence,
clarification asked, handed over to a person, in a conversation rated 1), collected from the
turns by a recurring job, grouped by meaning, and turned into phrasings or new sub-answers by
the people who run the content."""
