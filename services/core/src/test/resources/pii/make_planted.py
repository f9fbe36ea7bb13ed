# Writes planted.jsonl: synthetic calls with planted PII and secrets (test card numbers, example IBANs,
# RFC 5737 / RFC 3849 addresses, example.com mails, fake keys) and look-alikes that must be kept.
# Run from this folder: python3 make_planted.py
import json
def luhn(s):
    d=[int(c) for c in s if c.isdigit()]; t=0
    for i,x in enumerate(reversed(d)):
        if i%2: x*=2; x= x-9 if x>9 else x
        t+=x
    return t%10==0
def iban(s):
    s=s.replace(' ','').upper(); r=s[4:]+s[:4]
    return int(''.join(str(int(c,36)) for c in r))%97==1
for c in ["4111111111111111","5555555555554444","378282246310005","4012888888881881","6011111111111117","4242 4242 4242 4242","5105-1051-0510-5100"]: assert luhn(c),c
for c in ["4111111111111112","5555 5555 5555 4445","378282246310006"]: assert not luhn(c),c
for i in ["GB82WEST12345698765432","GB82 WEST 1234 5698 7654 32","DE89370400440532013000","FR1420041010050500013M02606","NL91ABNA0417164300","CH9300762011623852957"]: assert iban(i),i
for i in ["GB82WEST12345698765433","DE89370400440532013001"]: assert not iban(i),i
KEY_BODY="MIIEowIBAAKCAQEAfAkEkEyF0rTeStS0nLyN0tReAlAtAlLb4s3s1xTyF0uRcHaRsXx"
JWT="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
calls=[]
def call(i, prompt, response, planted, kept=(), context=None, samples=None, attributes=None, logprobs=None, system=None):
    msgs=[]
    if system: msgs.append({"role":"system","content":system})
    msgs.append({"role":"user","content":prompt})
    c={"id":"pii-%02d"%i,"timestamp":"2026-11-28T12:%02d:00Z"%i,"app":"pii-corpus","model":"m","tenant":"acme",
       "prompt":msgs,"response":response}
    if context: c["context"]=[{"id":"kb-%d"%k,"text":t} for k,t in enumerate(context)]
    if samples: c["samples"]=samples
    if attributes: c["attributes"]=attributes
    if logprobs: c["logprobs"]=logprobs
    c["labels"]={"planted":[{"type":t,"value":v} for t,v in planted],"kept":list(kept)}
    allt=json.dumps(c)
    for t,v in planted: assert json.dumps(v)[1:-1] in allt, v
    calls.append(c)
call(1,"My card is 4111111111111111, expiry 12/28. Can you check the charge of $1,299.99 on order #48213?",
  "I cannot see card 4111111111111111. Order #48213 was charged $1,299.99 on 2026-11-28.",
  [("card","4111111111111111")], ["12/28","$1,299.99","#48213","2026-11-28"])
call(2,"Pay with 4242 4242 4242 4242 or 5105-1051-0510-5100, not 4111111111111112 (that one has a typo).",
  "Noted: the Mastercard 5555555555554444 and the Amex 378282246310005 are on file; 378282246310006 is invalid.",
  [("card","4242 4242 4242 4242"),("card","5105-1051-0510-5100"),("card","5555555555554444"),("card","378282246310005")],
  ["4111111111111112","378282246310006"])
call(3,"Transfer EUR 250.00 to GB82 WEST 1234 5698 7654 32 and DE89370400440532013000.",
  "Done. Reference NL91ABNA0417164300; the IBAN GB82WEST12345698765433 failed its check.",
  [("iban","GB82 WEST 1234 5698 7654 32"),("iban","DE89370400440532013000"),("iban","NL91ABNA0417164300")],
  ["GB82WEST12345698765433","EUR 250.00"],
  context=["Swiss account CH9300762011623852957, French account FR1420041010050500013M02606. Invalid: DE89370400440532013001."])
calls[-1]["labels"]["planted"]+= [{"type":"iban","value":"CH9300762011623852957"},{"type":"iban","value":"FR1420041010050500013M02606"}]
calls[-1]["labels"]["kept"]+= ["DE89370400440532013001"]
call(4,"Email alice@example.com or bob.smith+test@mail.example.org about release v2.4.1.",
  "I wrote to alice@example.com and j.doe@example.co.uk; version 1.2.3.4 is out.",
  [("email","alice@example.com"),("email","bob.smith+test@mail.example.org"),("email","j.doe@example.co.uk")],
  ["v2.4.1","version 1.2.3.4"])
call(5,"Server 192.0.2.1 cannot reach 198.51.100.23 or 2001:db8:85a3::8a2e:370:7334.",
  "Ping 203.0.113.254 and 2001:db8::1; 999.1.1.1 is not an address, and the meeting is at 12:30:45.",
  [("ip","192.0.2.1"),("ip","198.51.100.23"),("ip","2001:db8:85a3::8a2e:370:7334"),("ip","203.0.113.254"),("ip","2001:db8::1")],
  ["999.1.1.1","12:30:45"])
call(6,"Call me on +1 202 555 0143 or (415) 555-0132. In London: +44 20 7946 0958 or 020 7946 0958.",
  "I will call +33 6 12 34 56 78 or 415.555.0199 tomorrow (2026-11-29) between 9 and 10, order 2024-000123.",
  [("phone","+1 202 555 0143"),("phone","(415) 555-0132"),("phone","+44 20 7946 0958"),("phone","020 7946 0958"),
   ("phone","+33 6 12 34 56 78"),("phone","415.555.0199")],
  ["2026-11-29","2024-000123"])
call(7,"Why does my key sk-proj-AbCdEf1234567890GhIjKlMnOpQrStUvWxYz012345 fail? I also tried sk-ant-api03-abcDEF123456789012345678901234567890.",
  "Rotate ghp_1234567890abcdefghijABCDEFGHIJ123456 and github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN now.",
  [("secret","sk-proj-AbCdEf1234567890GhIjKlMnOpQrStUvWxYz012345"),("secret","sk-ant-api03-abcDEF123456789012345678901234567890"),
   ("secret","ghp_1234567890abcdefghijABCDEFGHIJ123456"),("secret","github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN")],
  ["task-management-system"],
  system="You help with task-management-system tickets.")
call(8,"My AWS creds: AKIAIOSFODNN7EXAMPLE and aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "Never paste keys. The Slack token xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx is also exposed.",
  [("secret","AKIAIOSFODNN7EXAMPLE"),("secret","wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
   ("secret","xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx")],
  ["aws_secret_access_key"])
call(9,"curl -H 'Authorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA' https://api.example.com and the JWT "+JWT,
  "That JWT decodes to subject 1234567890. Here is the key you asked about:\n-----BEGIN RSA PRIVATE KEY-----\n"+KEY_BODY+"\nAbCdEf0123456789abcdef==\n-----END RSA PRIVATE KEY-----\nKeep it safe.",
  [("secret","Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"),("secret",JWT),("secret",KEY_BODY),("secret","AbCdEf0123456789abcdef==")],
  ["Authorization: Bearer","-----BEGIN RSA PRIVATE KEY-----","-----END RSA PRIVATE KEY-----"])
call(10,"Summarise the ticket.",
  "The customer (carol@example.net, +49 30 901820) asked about invoice 2026-0042.",
  [("email","carol@example.net"),("phone","+49 30 901820"),("email","dave@example.com"),("phone","+1 202 555 0188"),
   ("card","6011111111111117"),("ip","192.0.2.77")],
  ["2026-0042"],
  samples=["The customer carol@example.net asked about invoice 2026-0042.","Card 6011111111111117 was mentioned by carol@example.net."],
  attributes={"user":"dave@example.com","latency_ms":812,"client":{"ip":"192.0.2.77","phones":["+1 202 555 0188"]}})
calls[-1]["labels"]["planted"]=[p for p in calls[-1]["labels"]["planted"]]
# logprobs: the response's tokens tile it; the card is split across tokens.
resp="Card 4012888888881881 is on file for erin@example.com."
toks=["Card"," 401","288","888","888","1881"," is"," on"," file"," for"," erin","@","example",".com","."]
assert "".join(toks)==resp
lps=[{"token":t,"logprob":-0.1*(k+1),"top_logprobs":[{"token":t,"logprob":-0.1*(k+1)},{"token":" 402" if k==1 else "x","logprob":-3.0}]} for k,t in enumerate(toks)]
call(11,"Which card is on file for erin@example.com?", resp,
  [("card","4012888888881881"),("email","erin@example.com")], ["Card","on file"], logprobs=lps)
call(12,"Nothing personal here: the 2024 report, 3.5% growth, $12.50 per unit, version 10.0.19041.1, order A-7731-22, ISBN 0-306-40615-2, ids 1234567890123452 and 20261128.",
  "Growth was 3.5% in 2024 at $12.50 per unit; see order A-7731-22 and ISBN 0-306-40615-2.",
  [], ["2024","3.5%","$12.50","10.0.19041.1","A-7731-22","0-306-40615-2","1234567890123452","20261128"])
EXPECTED={1:{"card":2},2:{"card":4},3:{"iban":5},4:{"email":4},5:{"ip":5},6:{"phone":6},7:{"secret":4},8:{"secret":3},
  9:{"secret":3},10:{"email":4,"phone":2,"card":1,"ip":1},11:{"card":1,"email":2},12:{}}
for c in calls:
    i=int(c["id"][4:])
    texts=[m["content"] for m in c["prompt"]]+[c["response"]]+[p["text"] for p in c.get("context",[])]+c.get("samples",[])+[json.dumps(c.get("attributes",{}))]
    auto={}
    for p in c["labels"]["planted"]:
        auto[p["type"]]=auto.get(p["type"],0)+sum(t.count(p["value"]) for t in texts)
    if i!=9: assert auto==EXPECTED[i],(i,auto)
    c["labels"]["expected"]=EXPECTED[i]
with open("planted.jsonl","w") as f:
    for c in calls: f.write(json.dumps(c)+"\n")
print(len(calls), sum(len(c["labels"]["planted"]) for c in calls))
