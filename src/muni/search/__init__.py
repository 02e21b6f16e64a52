"""Search a tenant's crawled pages: keyword (BM25 on Danish stems) + embeddings, fused."""
