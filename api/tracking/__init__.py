"""Tracking endpoints: validated records → durable ledger → JSONL batches in the landing zone."""
