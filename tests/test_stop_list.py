from itnio_core import stop_list
from itnio_core.store import Store


def test_add_remove_search(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assert stop_list.add(store, ["447700900001", "447700900002", ""], user="ana", note="STOP") == 2
    assert stop_list.add(store, ["447700900001", "447700900003"], user="bo") == 1
    assert stop_list.count(store) == 3
    assert stop_list.numbers_in(store, ["447700900001", "1"]) == {"447700900001"}
    assert [e.number for e in stop_list.entries(store, search="0003")] == ["447700900003"]
    entry = stop_list.entries(store, search="0001")[0]
    assert entry.added_by == "ana" and entry.note == "STOP" and entry.added_at.tzinfo
    assert stop_list.remove(store, ["447700900001"]) == 1
    assert stop_list.all_numbers(store) == {"447700900002", "447700900003"}


def test_lookup_of_many_numbers_is_sliced(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    stop_list.add(store, [str(i) for i in range(5000)], user=None)
    assert len(stop_list.numbers_in(store, [str(i) for i in range(0, 10000, 2)])) == 2500


def test_numbers_that_cannot_be_added_say_why_in_both_languages(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    result = stop_list.add_text(store, "+44 7911 123456\nabc", country=None, user=None)
    assert result.added == 1
    [(line, raw, reason, reason_zh)] = result.problems
    assert (line, raw) == (2, "abc") and reason and reason_zh and reason != reason_zh
