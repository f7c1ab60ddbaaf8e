"""Translated strings the admin scripts show, handed to them as JSON in the page."""
from flask_babel import lazy_gettext as _l

from backend.models.status import MEETING_LABELS, PARTICIPANT_LABELS

STRINGS = {
    # Shared.
    "loading": _l("加载中…"), "error_generic": _l("操作失败，请稍后重试。"),
    "error_network": _l("网络异常，请检查网络后重试。"), "required": _l("必填"), "fix_fields": _l("请补全标红的内容。"),
    "saved": _l("已保存"), "saving": _l("保存中…"), "unsaved": _l("有未保存的修改"), "save_failed": _l("保存失败"),
    "save": _l("保存"), "next": _l("下一步"), "prev": _l("上一步"), "delete": _l("删除"), "remove": _l("移除"),
    "edit": _l("修改"), "open": _l("打开"), "copy": _l("复制链接"), "copied": _l("已复制到剪贴板"),
    "actions": _l("操作"), "status": _l("状态"), "time": _l("时间"), "view_detail": _l("查看详情"),
    "continue_editing": _l("继续编辑"),
    # Statuses.
    **{f"status_{k}": v for k, v in MEETING_LABELS.items()},
    **{f"pstatus_{k}": v for k, v in PARTICIPANT_LABELS.items()},
    "match_matched": _l("信息匹配"), "match_unmatched": _l("信息不匹配"), "match_not_activated": _l("匹配·未激活"),
    "match_guest": _l("嘉宾"),
    "nstatus_queued": _l("待发送"), "nstatus_sent": _l("已发送"), "nstatus_failed": _l("发送失败"),
    "nstatus_sending": _l("发送中"), "nstatus_unknown": _l("状态未知"), "resend": _l("重发"),
    "resent": _l("已重新排队发送"), "provider_id": _l("服务商编号"),
    "role_host": _l("主持人"), "role_signer": _l("签署人"), "role_observer": _l("观礼嘉宾"),
    "template_meeting_signer": _l("签署邀请"), "template_meeting_host": _l("主持通知"),
    "template_meeting_observer": _l("观礼邀请"), "template_meeting_changed": _l("变更通知"),
    "template_meeting_cancelled": _l("取消通知"), "template_otp": _l("验证码"), "template_activation": _l("激活邀请"),
    "template_reminder": _l("会前提醒"), "template_completed": _l("签署完成"),
    "template_counterparty_invited": _l("相对方邀请"),
    # 我的预约.
    "no_meetings": _l("还没有签约会议。"), "book_first": _l("预约第一场 →"), "meeting_name": _l("会议名称"),
    "starts_at": _l("开始时间"), "ends_at": _l("结束时间"),
    # Step 1.
    "step_details": _l("会议信息"), "meeting_name_hint": _l("如：XX集团与YY公司战略合作签约仪式"),
    "meeting_name_help": _l("1–60个字，将显示在签署页面和大屏上。"),
    "time_help": _l("北京时间。开始时间须晚于现在，会议时长不超过24小时；开始前30分钟开放签署。"),
    "create_and_next": _l("创建并继续"), "save_and_next": _l("保存并继续"),
    # Step 2.
    "step_participants": _l("参会人"), "participants": _l("参会人"), "add_participant": _l("添加参会人"),
    "role": _l("角色"), "name": _l("姓名"), "enterprise": _l("企业/单位"), "id_number": _l("身份证号"),
    "phone": _l("手机号"), "id_and_phone": _l("身份证号 / 手机号"), "match_status": _l("登记信息"),
    "participant_status": _l("参会状态"),
    "id_number_hint": _l("18位居民身份证号码"), "phone_hint": _l("11位手机号码"),
    "enterprise_hint": _l("签署方企业的全称"), "observer_enterprise_hint": _l("嘉宾所在的企业或单位"),
    "match_help": _l("签署人的姓名、身份证号、手机号须与其企业登记的员工信息一致，否则无法签署。主持人须为本企业员工。"),
    "no_participants": _l("还没有参会人。请在右侧添加主持人和各方签署人。"),
    "confirm_remove_participant": _l("确定移除参会人「%(name)s」？"),
    "edit_participant": _l("修改参会人「%(name)s」"), "save_changes": _l("保存修改"), "cancel_edit": _l("取消"),
    "no_new_signers": _l("会议已预约，文件已锁定：可以修改参会人信息、添加主持人和嘉宾，不能再添加签署人。"),
    "participants_frozen": _l("会议已开始或已结束，参会人不能再修改。"),
    "keep_if_blank": _l("已登记 %(value)s，留空则不修改"),
    "saved_participant": _l("已保存「%(name)s」的修改"),
    "saved_unmatched": _l("已保存「%(name)s」的修改，但与登记信息不一致"),
    "added": _l("已添加「%(name)s」"), "added_unmatched": _l("已添加「%(name)s」，但与登记信息不一致"),
    "need_host": _l("请至少添加一位主持人。"), "need_two_enterprises": _l("签署人须来自至少两家企业。"),
    # Step 3.
    "documents": _l("合同文件"), "upload_pdf": _l("上传PDF文件"), "upload_pdf_hint": _l("点击选择或拖入文件，可上传多份"),
    "uploading": _l("正在上传「%(name)s」…"), "pages_n": _l("%(n)s页"), "page_n": _l("第%(n)s页"),
    "confirm_remove_document": _l("确定删除文件「%(name)s」及其控件？"),
    "no_documents_yet": _l("请先在左侧上传合同PDF，然后把签署控件拖到页面上。"),
    "no_documents": _l("没有文件。"), "add_signers_first": _l("请先添加签署人，再放置签署控件。"),
    "signer_pick": _l("当前签署人"), "palette": _l("签署控件"),
    "palette_help": _l("选择签署人后，把控件拖到页面上；拖动可移动，拖动边角可调整大小。颜色表示所属签署人。"),
    "drag_hint": _l("拖到页面上"), "kind_seal": _l("企业印章"), "kind_signature": _l("个人签名"), "kind_date": _l("签署日期"),
    "icon_seal": _l("章"), "icon_signature": _l("签"), "icon_date": _l("日"),
    "selected_control": _l("所选控件"), "assign_to": _l("分配给签署人"),
    "controls_summary": _l("控件分配"), "no_controls_yet": _l("尚无控件"), "control_n": _l("控件%(n)s"),
    "read_only_controls": _l("会议已预约，文件和控件不能再修改。"),
    "doc_summary": _l("%(pages)s页 · %(controls)s个控件"),
    # Step 4.
    "stage": _l("大屏布局"), "stage_help": _l("拖动座位调整位置；点 × 移出舞台，再从右侧列表拖回。大屏按16:9显示。"),
    "stage_contract_area": _l("合同与签署进度"), "unseated": _l("未安排座位"), "everyone_seated": _l("所有参会人都已就座。"),
    "unseat": _l("移出舞台"), "auto_layout": _l("自动排座"), "logos_and_background": _l("企业Logo与背景"),
    "upload_logo": _l("上传Logo"), "no_logo": _l("无Logo"), "logo_needs_registered": _l("未入驻企业"),
    "background": _l("背景图片"), "background_hint": _l("建议16:9，不超过5 MB"), "upload_background": _l("上传背景"),
    "default_background": _l("默认"),
    "show_qr": _l("大屏显示签署二维码"), "show_qr_help": _l("关闭后大屏不显示签署人的二维码，签署人可通过短信中的链接签署。"),
    "qr_on_screen": _l("未签署时，大屏在此显示其签署二维码"),
    # Step 5.
    "step_review": _l("确认预约"), "participant_counts": _l("主持人%(hosts)s位 · 签署人%(signers)s位 · 嘉宾%(observers)s位"),
    "problems_title": _l("预约前需要解决："), "warnings_title": _l("请注意："),
    "need_document": _l("请上传至少一份合同文件。"),
    "signer_unmatched": _l("签署人「%(name)s」（%(enterprise)s）与该企业登记的员工信息不一致。"),
    "signer_not_activated": _l("签署人「%(name)s」尚未激活账号，签署前需完成激活。"),
    "signer_without_controls": _l("签署人「%(name)s」还没有签署控件。"),
    "signer_without_seal": _l("签署人「%(name)s」有企业印章控件，但没有获授权的本企业印章。"),
    "enterprise_without_seal": _l("%(enterprise)s：如未配置企业印章，可能会涉及到电子合同有效性的风险。"),
    "book_explain": _l("预约后，文件将被锁定，所有参会人会收到短信通知，签署人会收到签署链接。"),
    "book_now": _l("确认预约"),
    "not_draft_notice": _l("该会议已预约，文件和控件已锁定。"),
    # Detail.
    "booked_ok": _l("预约成功，已向所有参会人发送短信通知。"), "booked_at": _l("预约时间"),
    "result_link": _l("签约结果页链接"), "result_link_hint": _l("发给主持人：会议开始后全屏打开并共享屏幕"),
    "result_link_after_booking": _l("预约后将生成签约结果页链接。"),
    "host_link": _l("主持人链接"), "host_link_hint": _l("主持人可用此链接调整大屏布局"),
    "notifications": _l("通知记录"), "no_notifications": _l("暂无通知。"), "recipient": _l("接收人"),
    "message_kind": _l("类型"), "send_status": _l("发送状态"), "attempts": _l("尝试次数"), "sent_at": _l("发送时间"),
    "cancel_meeting": _l("取消会议"), "confirm_cancel": _l("确定取消「%(name)s」？所有参会人将收到取消通知。"),
    "cancelled": _l("会议已取消"),
    "signer_entries": _l("签署人签署入口"),
    "signer_entries_hint": _l("签署人扫描二维码（与大屏上的一致）或打开短信中的链接签署。"),
    "qr_of": _l("「%(name)s」的签署二维码"), "qr_closed": _l("签署已关闭"), "h5_link": _l("H5签署链接"),
    "copy_short": _l("复制"), "signed_at_x": _l("签署于 %(time)s"), "decline_reason_x": _l("拒签原因：%(reason)s"),
    "view_contract": _l("查看合同"), "edit_participants": _l("修改参会人"),
}


def js_strings() -> dict:
    """The strings in the request's locale."""
    return {key: str(value) for key, value in STRINGS.items()}
