"""Statistics for the console: aggregates rolled up from conversations, turns, ratings,
handoffs and guard events per tenant, local day, hour and channel, so the numbers survive the
deletion of transcripts (retention); the dashboard's queries; a generator of synthetic
conversations for demos and benchmarks."""
