"""Officer API v1: the queue, one request's full record, identity look-up and one POST per action."""
