"""Implementation, monitoring and yearly evaluation of the plan; the network-goals dashboard."""
