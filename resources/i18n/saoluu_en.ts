<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>DossierDetails</name>
    <message>
        <source>Chọn một hồ sơ trong danh mục để xem thông tin.</source>
        <translation>Select a dossier in the register to see its details.</translation>
    </message>
    <message>
        <source>Phông</source>
        <translation>Fonds</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Số tài liệu</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Số trang đã số hóa</source>
        <translation>Pages digitised</translation>
    </message>
</context>
<context>
    <name>ImportJob</name>
    <message>
        <source>Đang chuẩn bị nhập ảnh…</source>
        <translation>Preparing the import…</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Nhập ảnh vào hồ sơ %1</source>
        <translation>Importing images into dossier %1</translation>
    </message>
    <message>
        <source>Đang dừng sau tệp hiện tại…</source>
        <translation>Stopping after the current file…</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Đã đăng ký</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Đang số hóa</source>
        <translation>Scanning</translation>
    </message>
    <message>
        <source>Chờ kiểm tra</source>
        <translation>Awaiting QC</translation>
    </message>
    <message>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Đã đóng gói</source>
        <translation>Packaged</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SaoLưu — %1</source>
        <translation>SaoLưu — %1</translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Nhập ảnh…</source>
        <translation>&amp;Import images…</translation>
    </message>
    <message>
        <source>Nhập tệp ảnh vào hồ sơ đang chọn</source>
        <translation>Import image files into the selected dossier</translation>
    </message>
    <message>
        <source>&amp;Thoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Ngôn ngữ</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Giới thiệu</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>Tìm hồ sơ, tài liệu (gõ có dấu hoặc không dấu)…</source>
        <translation>Search dossiers and documents (with or without diacritics)…</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu: %1</source>
        <translation>Home: %1</translation>
    </message>
    <message>
        <source>Trạm: %1</source>
        <translation>Station: %1</translation>
    </message>
    <message>
        <source>Cán bộ: %1</source>
        <translation>Operator: %1</translation>
    </message>
    <message>
        <source>Không tải được bản dịch; giữ tiếng Việt.</source>
        <translation>Could not load the translation; staying in Vietnamese.</translation>
    </message>
    <message>
        <source>Hồ sơ: %1 · Trang: %2</source>
        <translation>Dossiers: %1 · Pages: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;SaoLưu&lt;/b&gt; %1&lt;br&gt;Trạm số hóa lập bản sao bảo hiểm tài liệu lưu trữ.&lt;br&gt;Giấy phép GPL-3.0 trở lên.</source>
        <translation>&lt;b&gt;SaoLưu&lt;/b&gt; %1&lt;br&gt;Scanning workstation for archival backup copies.&lt;br&gt;Licence: GPL-3.0 or later.</translation>
    </message>
    <message>
        <source>Giới thiệu SaoLưu</source>
        <translation>About SaoLưu</translation>
    </message>
    <message>
        <source>Số kết quả: %1</source>
        <translation>Results: %1</translation>
    </message>
    <message>
        <source>Không tìm thấy kết quả.</source>
        <translation>No results.</translation>
    </message>
    <message>
        <source>Nhập ảnh</source>
        <translation>Import images</translation>
    </message>
    <message>
        <source>Chọn một hồ sơ trước khi nhập ảnh.</source>
        <translation>Select a dossier before importing images.</translation>
    </message>
    <message>
        <source>Chọn ảnh để nhập vào hồ sơ %1</source>
        <translation>Choose images to import into dossier %1</translation>
    </message>
    <message>
        <source>Ảnh (%1)</source>
        <translation>Images (%1)</translation>
    </message>
    <message>
        <source>Đã dừng theo yêu cầu.</source>
        <translation>Stopped on request.</translation>
    </message>
    <message>
        <source>Không nhập được ảnh.</source>
        <translation>The images could not be imported.</translation>
    </message>
    <message>
        <source>SaoLưu</source>
        <translation>SaoLưu</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tiêu đề</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Số trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Phông %1: %2 hồ sơ</source>
        <translation>Fonds %1: %2 dossiers</translation>
    </message>
</context>
<context>
    <name>StationDialog</name>
    <message>
        <source>Tạo dữ liệu SaoLưu</source>
        <translation>Create SaoLưu data</translation>
    </message>
    <message>
        <source>Chưa có dữ liệu SaoLưu tại:
%1

Tạo mới tại đây? Tên trạm được ghi vào nhật ký và các gói xuất.</source>
        <translation>There is no SaoLưu data at:
%1

Create it here? The station name is recorded in the log and in exported packages.</translation>
    </message>
    <message>
        <source>Tên trạm:</source>
        <translation>Station name:</translation>
    </message>
    <message>
        <source>Tạo</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
</context>
</TS>
