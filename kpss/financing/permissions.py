"""Who may do what in financing: the one place that decides."""
