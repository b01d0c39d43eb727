"""The agent workflow templates and per-agent tables of §5.7, as arrays for vectorised draws."""

from __future__ import annotations

import numpy as np

ROOT_AGENT = "Orchestrator"
AGENTS: tuple[str, ...] = (
    "Orchestrator", "DataFetcher", "Analyzer", "DataAnalyzer", "Summarizer", "Reviewer", "Formatter",
    "ReportGenerator",
)
# name, weight, agents besides the root, (min, max) calls, feature
TEMPLATES: tuple[tuple[str, float, tuple[str, ...], tuple[int, int], str], ...] = (
    ("Generate Report", 0.30, ("DataFetcher", "Analyzer", "Summarizer", "ReportGenerator"), (4, 8),
     "analysis"),
    ("Analyze Data", 0.25, ("DataFetcher", "DataAnalyzer", "Reviewer"), (3, 6), "analysis"),
    ("Summarize Text", 0.20, ("Summarizer", "Reviewer"), (3, 5), "summarization"),
    ("Code Review", 0.15, ("Analyzer", "Reviewer", "Formatter"), (3, 7), "code-generation"),
    ("Customer Support Triage", 0.10, ("DataFetcher", "Summarizer", "Formatter"), (3, 6), "chat"),
)
# agent → class shares (frontier, balanced, fast)
AGENT_CLASS: dict[str, tuple[float, float, float]] = {
    "Orchestrator": (0.6, 0.4, 0.0),
    "Analyzer": (0.5, 0.5, 0.0),
    "DataAnalyzer": (0.5, 0.5, 0.0),
    "Reviewer": (0.3, 0.7, 0.0),
    "ReportGenerator": (0.0, 0.6, 0.4),
    "DataFetcher": (0.0, 0.2, 0.8),
    "Summarizer": (0.0, 0.3, 0.7),
    "Formatter": (0.0, 0.0, 1.0),
}
# agent → (input min, input max, output min, output max)
AGENT_TOKENS: dict[str, tuple[int, int, int, int]] = {
    "Orchestrator": (800, 2500, 100, 400),
    "DataFetcher": (200, 600, 50, 200),
    "Analyzer": (1000, 4000, 300, 1200),
    "DataAnalyzer": (1000, 4000, 300, 1000),
    "Summarizer": (800, 3000, 100, 400),
    "Reviewer": (500, 2000, 50, 300),
    "Formatter": (300, 1000, 200, 800),
    "ReportGenerator": (1000, 3000, 500, 2000),
}
AGENT_REUSE: dict[str, float] = {"DataFetcher": 0.5, "Summarizer": 0.5}
DEFAULT_REUSE = 0.3
PROMPT_POOL_SIZE = 10
CACHE_READ_PROB = 0.4
FAILURE_PROB = 0.04
MAX_DEPTH = 4
MAX_CALLS = 8
STEP_GAP_MS = (50.0, 500.0)
END_GAP_MS = (100.0, 1000.0)

NAMES = tuple(t[0] for t in TEMPLATES)
WEIGHTS = np.array([t[1] for t in TEMPLATES])
FEATURES = np.array([t[4] for t in TEMPLATES])
CALLS_RANGE = np.array([t[3] for t in TEMPLATES])
OTHER_AGENTS = np.full((len(TEMPLATES), 4), -1, dtype=np.int64)
OTHER_COUNT = np.array([len(t[2]) for t in TEMPLATES])
for _i, _t in enumerate(TEMPLATES):
    OTHER_AGENTS[_i, : len(_t[2])] = [AGENTS.index(a) for a in _t[2]]
CLASS_SHARES = np.array([AGENT_CLASS[a] for a in AGENTS])
TOKENS = np.array([AGENT_TOKENS[a] for a in AGENTS])
REUSE = np.array([AGENT_REUSE.get(a, DEFAULT_REUSE) for a in AGENTS])
