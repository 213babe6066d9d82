"""Documents the network prints or hands out: the Word typography they share (PDF: core.letters.pdf)."""
