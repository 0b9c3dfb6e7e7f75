import hashlib
import time
import requests
import json
base_url = "{{SANDBOX_URL}}/sms/"
api_key = "your api key"
api_pwd = "your api secret"
appid = "{{appId}}"
msgIds = "{{msgIds}}"
def create_headers():
    timestamp = int(time.time())
    s = "%s%s%s" % (api_key, api_pwd, str(timestamp))
    sign = hashlib.md5(s.encode(encoding='UTF-8')).hexdigest()
    headers = {
        'Content-Type': 'application/json;charset=utf-8',
        'Sign': sign,
        'Timestamp': str(timestamp),
        'Api-Key': api_key
    }
    return headers
headers = create_headers()
url = "%s/getReport" % base_url
print(url)
params = {"appId": appid, "msgIds": "8613000000000,8613000000001"}
print(params)
rsp = requests.get(url, params, headers=headers)
if rsp.status_code == 200:
    res = json.loads(rsp.text)
    print(res)
