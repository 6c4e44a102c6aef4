"""The PVO² side of the sandbox: the dealer's site, offer, bon de commande, closing and printing.

A reference client: it builds what a dealer software hands to the Centralisateur (and to PSA
Assurance) from a closed BDC. It talks to the fakes only over HTTP and imports none of them.
Heavy libraries (WeasyPrint) are imported only where a PDF is made.
"""
