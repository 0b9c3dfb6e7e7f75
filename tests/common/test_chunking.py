import pytest

from itnio_core.api.client import plan_requests
from itnio_core.api.models import BatchItem
from itnio_core.common.chunking import chunked
from itnio_core.common.errors import InvalidInputError


def numbers(n, start=0):
    return tuple(str(910000000000 + i) for i in range(start, start + n))


def test_requests_never_exceed_1000_numbers_and_keep_order():
    items = [
        BatchItem(numbers(700), "a"),
        BatchItem(numbers(700, 700), "b"),
        BatchItem(numbers(1601, 1400), "c"),
    ]
    plan = plan_requests(items)
    sizes = [sum(len(i.numbers) for i in req) for req in plan]
    assert sizes == [1000, 1000, 1000, 1]
    flat = [(n, i.content) for req in plan for i in req for n in i.numbers]
    expected = [(n, it.content) for it in items for n in it.numbers]
    assert flat == expected


def test_order_ids_stay_with_their_numbers_across_splits():
    nums = numbers(2500)
    orders = tuple(f"o{n}" for n in nums)
    plan = plan_requests([BatchItem(nums, "x", "S", orders)])
    assert len(plan) == 3
    for req in plan:
        for item in req:
            assert item.order_ids is not None
            assert len(item.order_ids) == len(item.numbers)
            assert all(o == f"o{n}" for n, o in zip(item.numbers, item.order_ids, strict=True))
            assert item.sender_id == "S"


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (BatchItem((), "x"), "numbers"),
        (BatchItem(("1",), "  "), "content"),
        (BatchItem(("1",), "x" * 1025), "content"),
        (BatchItem(("1",), "x", "s" * 33), "senderId"),
        (BatchItem(("1", "2"), "x", "", ("a",)), "orderId"),
    ],
)
def test_bad_items_are_refused_before_sending(item, field):
    with pytest.raises(InvalidInputError) as info:
        plan_requests([item])
    assert info.value.field == field


def test_limits_are_inclusive():
    plan = plan_requests([BatchItem(numbers(1000), "x" * 1024, "s" * 32)])
    assert len(plan) == 1


def test_chunks_of_200():
    ids = [str(i) for i in range(401)]
    assert [len(c) for c in chunked(ids, 200)] == [200, 200, 1]
