"""Writers and readers of spreadsheets and PDFs; they take DTOs, never sessions."""
