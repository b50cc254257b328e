import gc
import logging
import tracemalloc

import pytest
from django.test import override_settings

from linli.tickets import notify

# The package conftest reloads the shipped categories, which needs the database.
pytestmark = pytest.mark.django_db


@override_settings(LINLI_SMS_BACKEND="linli.tickets.notify.ConsoleBackend")
def test_the_console_backend_keeps_nothing_of_the_messages_it_sends():
    # Warm up (imports, logging's caches), then send many: what stays allocated must not grow with them.
    logging.getLogger("linli.tickets.notify").setLevel(logging.WARNING)
    try:
        notify.send_message("13700000000", "warm-up")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(5000):
            notify.send_message(f"137{i:08d}", f"【邻里】您的诉求T{i:08d}：已受理。")
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
    finally:
        logging.getLogger("linli.tickets.notify").setLevel(logging.NOTSET)
    # The old list kept ~1.24 MB here; what other tests leave in shared caches (tens of KB) is noise.
    assert grown < 250_000, f"{grown} bytes kept after 5,000 messages"


def test_the_console_backend_logs_the_phone_masked(caplog):
    with caplog.at_level(logging.INFO, logger="linli.tickets.notify"):
        notify.ConsoleBackend().send("13712345678", "hello")
    assert "137****5678" in caplog.text and "13712345678" not in caplog.text


def test_the_test_outbox_is_bounded(sms_outbox):
    for i in range(sms_outbox.maxlen + 5):
        notify.MemoryBackend().send("13700000000", str(i))
    assert len(sms_outbox) == sms_outbox.maxlen and sms_outbox[-1][1] == str(sms_outbox.maxlen + 4)
