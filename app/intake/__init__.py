"""The reference intake server for the platform side (``evidence-vault-intake``).

tus 1.0 uploads (tuspyserver under uvicorn, TLS) authenticated by device tokens; each
complete upload is checked against its declared size and SHA-256 (and fully verified
when the server holds the platform identity), stored once under ``accepted/``, and
answered with a receipt signed by the platform's key. See docs/intake-deployment.md.
"""
