"""E-mail: compose a message as an .eml draft, and send it over SMTP.

- ``message.py`` — :func:`~docgen.mail.message.compose` returns the bytes of an RFC 5322
  message with attachments named in Chinese in both header forms Outlook and Thunderbird read,
  marked as an unsent draft (``X-Unsent: 1``); header injection is refused.
- ``send.py`` — :func:`~docgen.mail.send.send` sends those bytes with :mod:`smtplib`
  (STARTTLS or implicit TLS, certificate verification on, optional login), to every recipient
  or to none; every failure is a :class:`~docgen.problems.MailError`.

A caller writes the .eml first (``files/atomic.py``) and then sends it, passing its path as
``kept`` so that a failure tells the user where the unsent mail is; see :func:`send`'s example.
"""
