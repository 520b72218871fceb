"""Register (danh mục) import and export — implemented in the next commit."""
