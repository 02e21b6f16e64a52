"""Safety: recognise danger, self-harm, violence, abuse, manipulation, requests for help with
crime, and requests for opinions or judgements, before muni tries to answer; and check every
answer before it is sent."""
