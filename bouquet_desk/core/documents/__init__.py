"""Documents the network prints or mails: shared Word typography and the PDF conversion."""
