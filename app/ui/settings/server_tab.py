"""数据位置: this user's choice of 本机数据 or 连接办公室服务器, used from the next start."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.config import URL_ENV_VAR
from app.services import server_link
from app.services.context import Actor
from app.ui import ops
from app.ui.messages import EXPECTED, error_text
from app.ui.server_choice import ServerChoice


class ServerTab(QWidget):
    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        root = ops.data_folder()
        assert root is not None  # 设置 shows only once the data is open
        self.root = root
        self.choice = ServerChoice(server_link.chosen_server(root))
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        hint = QLabel(self._hint())
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        column = QWidget()
        column.setMaximumWidth(720)
        layout = QVBoxLayout(column)
        for widget in (hint, self.choice, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addWidget(column, 1)

    @staticmethod
    def _hint() -> str:
        text = "本设置只对本机的本用户有效，保存后下次启动程序时生效。"
        if os.environ.get(URL_ENV_VAR):  # the environment wins over the saved choice
            text += f"\n注意：本机设置了环境变量 {URL_ENV_VAR}，启动时以它为准。"
        return text

    def save(self) -> None:
        """Switch to the server (tested first) or back to 本机数据, from the next start."""
        try:
            if self.choice.on_server:
                if not self.choice.test_now().ok:
                    self.status.clear()
                    return
                server_link.choose_server(self.root, self.choice.form())
                self.status.setText("已保存。下次启动时连接办公室服务器。")
            else:
                server_link.choose_local(self.root)
                self.status.setText("已保存。下次启动时使用本机数据。")
        except EXPECTED as exc:
            self.choice.show_result(error_text(exc), False)
            self.status.clear()
