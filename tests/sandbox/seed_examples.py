"""Answers exactly as the seed documents show them, shared by the tests."""

# The response example of "orderId/record" (seed 003), exactly as documented.
SEED_003 = {
    "status": "0",
    "reason": "success",
    "data": {
        "orderId": "1234566",
        "flowId": 1,
        "verifications": {
            "matched": 0,
            "verifiedDate": "2022-07-12T13:39:47+08:00",
            "oriReceiver": "91856321412",
            "channel": "call",
            "orderId": "1234566",
        },
        "sms": [
            {
                "submitTm": "2022-07-12T13:39:45+08:00",
                "sendTm": "2022-07-12T13:39:45+08:00",
                "doneTm": "2022-07-12T13:39:49+08:00",
                "mcc": 460,
                "mnc": 10,
                "sender": "",
                "chargeCnt": 1,
                "pay": "0.000002",
                "status": 0,
                "reason": "successR",
            }
        ],
        "call": [
            {
                "terminationCode": 100005,
                "terminationReason": "Temporarily Unavailable",
                "submitTime": "2022-07-12T13:59:55+08:00",
                "callTime": "2022-07-12T13:59:56+08:00",
                "ringingTime": "2022-07-12T13:59:56+08:00",
                "answerTime": "2022-07-12T13:59:56+08:00",
                "hangupTime": "2022-07-12T13:59:56+08:00",
                "callDuration": 0,
                "chargedDuration": 0,
                "displayNum": None,
                "billPeriodstring": "20+20",
                "code": "661",
                "rate": "0.138",
                "cost": "0",
            }
        ],
    },
}
