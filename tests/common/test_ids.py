"""Ids: typed, 128 random bits, and never the same twice, across threads and forked processes."""

import os
import re
import threading
from collections import Counter

from fincore.common.ids import new_id


def test_an_id_is_its_prefix_then_32_hex_digits():
    assert re.fullmatch(r"pay_[0-9a-f]{32}", new_id("pay"))


def test_every_hex_digit_of_an_id_varies():
    # No time prefix or counter: each of the 32 positions takes many values over 2,000 ids.
    made = [new_id("tok")[4:] for _ in range(2000)]
    for position in range(32):
        assert len(Counter(one[position] for one in made)) >= 12


def test_threads_making_ids_at_once_never_collide():
    made: list[list[str]] = [[] for _ in range(4)]

    def make(into: list[str]) -> None:
        into.extend(new_id("tok") for _ in range(5000))

    threads = [threading.Thread(target=make, args=(into,)) for into in made]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [made_id for into in made for made_id in into]
    assert len(set(every)) == 20_000


def test_a_forked_child_does_not_repeat_the_parents_next_id():
    new_id("tok")
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(write_end, new_id("tok").encode())
        os._exit(0)
    os.close(write_end)
    from_child = os.read(read_end, 64).decode()
    os.close(read_end)
    os.waitpid(child, 0)
    assert re.fullmatch(r"tok_[0-9a-f]{32}", from_child)
    assert new_id("tok") != from_child
