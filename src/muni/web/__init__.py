"""The HTTP layer: FastAPI app factory, dependencies and routes."""
