"""The network's dashboard: activity figures, charts and unmet needs over a period and an area."""
