"""Facts in text: what kind of fact a question asks for, and the fact values a sentence states."""
