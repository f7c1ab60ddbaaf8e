"""The text of every SMS, by template name."""

TEMPLATES = {
    "activation": "【Signstage】{enterprise}邀请您激活电子签约账号，请打开链接完成验证：{link}",
    "otp": "【Signstage】您的验证码为{code}，5分钟内有效。请勿泄露给他人。",
    "meeting_signer": "【Signstage】{name}，您受邀作为{enterprise}的签署人参加签约仪式「{meeting}」，"
                      "时间{starts}至{ends}。届时请扫描大屏上的二维码，或打开链接签署：{link}",
    "meeting_host": "【Signstage】{name}，您是签约仪式「{meeting}」的主持人，时间{starts}至{ends}。"
                    "请在会前打开大屏结果页并共享屏幕。",
    "meeting_observer": "【Signstage】{name}，诚邀您观礼签约仪式「{meeting}」，时间{starts}至{ends}。",
    "meeting_changed": "【Signstage】{name}，签约仪式「{meeting}」已更新，时间{starts}至{ends}。",
    "meeting_cancelled": "【Signstage】{name}，签约仪式「{meeting}」已取消。",
}


def render(template: str, params: dict) -> str:
    """Fill a template with its parameters."""
    return TEMPLATES[template].format(**params)
