"""Reading news articles: who they name, what they say about them, and which risks they attach."""
