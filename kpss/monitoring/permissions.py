"""Who may do what in monitoring: the one place that decides."""
