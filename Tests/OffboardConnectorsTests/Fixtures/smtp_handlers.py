"""aiosmtpd handlers for offboard's email connector tests.

RecordingMailbox stores accepted messages in a maildir (aiosmtpd's Mailbox) and refuses some recipients the
way real relays do: addresses starting with "rejected" get 550 (permanent), "busy" get 451 (transient).
"""
from aiosmtpd.handlers import Mailbox


class RecordingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("rejected"):
            return "550 5.1.1 mailbox unavailable"
        if address.startswith("busy"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
