"""Ids: typed, in time order, and never the same twice, across threads and forked processes."""

import os
import re
import threading
import time

from fincore.common.ids import RandomBytes, new_id


def test_an_id_is_its_prefix_then_32_hex_digits_starting_with_the_millisecond():
    before = time.time_ns() // 1_000_000
    made = new_id("pay")
    after = time.time_ns() // 1_000_000
    assert re.fullmatch(r"pay_[0-9a-f]{32}", made)
    assert before <= int(made[4:16], 16) <= after


def test_ids_made_in_later_milliseconds_sort_later():
    first = new_id("ch")
    deadline = time.time_ns() // 1_000_000 + 2
    while time.time_ns() // 1_000_000 < deadline:
        pass  # into a later millisecond; nothing else to wait on
    assert new_id("ch") > first


def test_bytes_are_never_handed_out_twice_across_refills():
    pool = RandomBytes(refill=64)
    taken = [pool.take(10) for _ in range(1000)]  # 10 does not divide 64: refills mid-way
    assert all(len(chunk) == 10 for chunk in taken)
    assert len(set(taken)) == len(taken)


def test_a_request_larger_than_a_refill_is_served_whole():
    assert len(RandomBytes(refill=16).take(100)) == 100


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


def test_a_forked_child_does_not_repeat_the_parents_next_bytes():
    pool = RandomBytes()
    pool.take(1)  # the parent now holds a buffer the child inherits
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(write_end, pool.take(16))
        os._exit(0)
    os.close(write_end)
    from_child = os.read(read_end, 16)
    os.close(read_end)
    os.waitpid(child, 0)
    assert len(from_child) == 16
    assert pool.take(16) != from_child
