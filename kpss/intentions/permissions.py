"""Who may do what in intentions: the one place that decides."""
