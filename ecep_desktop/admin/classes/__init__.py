"""Classes: the list, a new class, enrolments, and the A4 sheet of the class's cards."""
