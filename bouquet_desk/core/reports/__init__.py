"""The network's view of its activity: figures over a period, unmet demand, exports and the yearly documents.

Everything here computes plain frozen rows from the database; drawing (charts) belongs to the window side.
"""
