"""The 办会 page: the meeting list, each meeting's tabs (人员, 议题, 材料, 纪要), the dialogs."""
