"""A local fake of Tencent Cloud SMS (SendSms 2021-01-11) for development and tests."""
