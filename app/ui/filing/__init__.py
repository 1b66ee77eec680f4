"""公文 windows: 收文, 发文 and 督办 pages, the 签收 form, action dialogs, the import dialog."""
