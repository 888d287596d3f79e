"""What is made of the measurements: outcomes, leaks, tables, targets, the report."""
