"""What every stage uses and no stage is: the input error, atomic file writes, YAML with line numbers."""
