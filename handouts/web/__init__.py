"""The front-desk web app (``handouts serve``): Starlette with server-side templates.

    app      routes, pages and error pages: forms -> the pipeline -> PDF or print
    forms    each field checked (length, shape) before anything is built
    wording  the page's language and its texts (the "web" gettext catalog)
    guard    shared secret, CSRF tokens, request size, hosts, security headers
    server   ``handouts serve``: where it listens and with which secret

Only the pipeline builds PDFs: nothing here imports ReportLab.
"""
