<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>ConditionPane</name>
    <message>
        <source>0 — không</source>
        <translation>0 — none</translation>
    </message>
    <message>
        <source>1 — nhẹ</source>
        <translation>1 — slight</translation>
    </message>
    <message>
        <source>2 — vừa</source>
        <translation>2 — moderate</translation>
    </message>
    <message>
        <source>3 — nặng</source>
        <translation>3 — severe</translation>
    </message>
    <message>
        <source>Mủn</source>
        <translation>Crumbling</translation>
    </message>
    <message>
        <source>Giòn</source>
        <translation>Brittle</translation>
    </message>
    <message>
        <source>Thủng lỗ</source>
        <translation>Holed</translation>
    </message>
    <message>
        <source>Rách</source>
        <translation>Torn</translation>
    </message>
    <message>
        <source>Mờ chữ</source>
        <translation>Blurred text</translation>
    </message>
    <message>
        <source>Nhạt màu</source>
        <translation>Faded</translation>
    </message>
    <message>
        <source>Đổi màu</source>
        <translation>Discoloured</translation>
    </message>
    <message>
        <source>Tài liệu có giá trị đặc biệt</source>
        <translation>Record of special value</translation>
    </message>
    <message>
        <source>Ghi đánh giá tình trạng</source>
        <translation>Record the condition assessment</translation>
    </message>
    <message>
        <source>Ảnh hư hỏng…</source>
        <translation>Photo of the damage…</translation>
    </message>
    <message>
        <source>Chọn ảnh chụp hư hỏng (JPEG, PNG, TIFF) để lưu kèm lần đánh giá này</source>
        <translation>Choose a photo of the damage (JPEG, PNG, TIFF) to keep with this assessment</translation>
    </message>
    <message>
        <source>Ảnh hư hỏng</source>
        <translation>Photo of the damage</translation>
    </message>
    <message>
        <source>Ảnh (*.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Images (*.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Sẽ lưu kèm: %1</source>
        <translation>Will be kept with it: %1</translation>
    </message>
    <message>
        <source>(không xem trước được ảnh hư hỏng)</source>
        <translation>(the photo of the damage cannot be previewed)</translation>
    </message>
    <message>
        <source>Điểm %1 · mức ưu tiên %2 · %3</source>
        <translation>Score %1 · priority %2 · %3</translation>
    </message>
    <message>
        <source>Điểm %1 · mức ưu tiên %2</source>
        <translation>Score %1 · priority %2</translation>
    </message>
</context>
<context>
    <name>DialogMenus</name>
    <message>
        <source>Hồ sơ &amp;mới…</source>
        <translation>&amp;New dossier…</translation>
    </message>
    <message>
        <source>Nhập &amp;danh mục từ Excel/CSV…</source>
        <translation>Import a &amp;register from Excel/CSV…</translation>
    </message>
    <message>
        <source>&amp;Xuất ra vật mang tin…</source>
        <translation>&amp;Export to media…</translation>
    </message>
    <message>
        <source>&amp;Kiểm tra các bản sao…</source>
        <translation>&amp;Audit the copies…</translation>
    </message>
    <message>
        <source>&amp;Máy quét và hồ sơ quét…</source>
        <translation>&amp;Scanners and scan profiles…</translation>
    </message>
    <message>
        <source>Công việc &amp;chưa xong…</source>
        <translation>&amp;Unfinished work…</translation>
    </message>
    <message>
        <source>&amp;Tùy chọn…</source>
        <translation>&amp;Preferences…</translation>
    </message>
    <message>
        <source>&amp;Hướng dẫn vận hành</source>
        <translation>Operator&apos;s &amp;guide</translation>
    </message>
    <message>
        <source>&amp;Tập làm quen với dữ liệu thực hành…</source>
        <translation>&amp;Practice tour with practice data…</translation>
    </message>
    <message>
        <source>&amp;Xóa dữ liệu thực hành</source>
        <translation>&amp;Remove practice data</translation>
    </message>
    <message>
        <source>&amp;Công cụ</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>SaoLưu</source>
        <translation>SaoLưu</translation>
    </message>
    <message>
        <source>Công việc chưa xong</source>
        <translation>Unfinished work</translation>
    </message>
    <message>
        <source>Không có công việc nào bị gián đoạn.</source>
        <translation>No work was interrupted.</translation>
    </message>
    <message>
        <source>Hướng dẫn vận hành</source>
        <translation>Operator&apos;s guide</translation>
    </message>
    <message>
        <source>Không tìm thấy tệp hướng dẫn %1 trong thư mục docs.</source>
        <translation>The guide %1 was not found in the docs folder.</translation>
    </message>
    <message>
        <source>Xóa dữ liệu thực hành</source>
        <translation>Remove practice data</translation>
    </message>
    <message>
        <source>Xóa phông thực hành và mọi hồ sơ, trang của nó? Hồ sơ thật không bị ảnh hưởng.</source>
        <translation>Remove the practice fonds with all its dossiers and pages? Real dossiers are not affected.</translation>
    </message>
    <message>
        <source>Đã xóa %1 hồ sơ thực hành.</source>
        <translation>Removed %1 practice dossier(s).</translation>
    </message>
</context>
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
    <name>ExportDialog</name>
    <message>
        <source>Đạt: đã đọc lại và khớp mã băm</source>
        <translation>OK: read back, hashes match</translation>
    </message>
    <message>
        <source>Chưa xong</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>Bị từ chối</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Xuất ra vật mang tin</source>
        <translation>Export to media</translation>
    </message>
    <message>
        <source>Hồ sơ đã duyệt</source>
        <translation>Approved dossiers</translation>
    </message>
    <message>
        <source>(chưa đủ hai bản sao)</source>
        <translation>(fewer than two copies)</translation>
    </message>
    <message>
        <source>Chưa có hồ sơ nào được duyệt. Hồ sơ cần được kiểm tra và duyệt trước khi xuất.</source>
        <translation>No dossier is approved yet. A dossier must be checked and approved before it is exported.</translation>
    </message>
    <message>
        <source>Nơi chép (USB, ổ cứng, thư mục mạng)</source>
        <translation>Destinations (USB stick, disk, network folder)</translation>
    </message>
    <message>
        <source>Thêm nơi chép…</source>
        <translation>Add destination…</translation>
    </message>
    <message>
        <source>Bỏ nơi đã chọn</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <source>Mỗi gói cần ít nhất hai bản trên hai vật mang tin khác nhau. Không rút thiết bị khi đang chép.</source>
        <translation>Each package needs at least two copies on two different media. Do not unplug a device while copying.</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Nơi chép</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Xuất</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Mở biên bản</source>
        <translation>Open the minutes</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chọn thư mục trên vật mang tin</source>
        <translation>Choose a folder on the medium</translation>
    </message>
    <message>
        <source>Không mở được thư mục %1. Cắm lại thiết bị hoặc chọn thư mục khác.</source>
        <translation>Cannot open folder %1. Plug the device in again or choose another folder.</translation>
    </message>
    <message>
        <source>%1 — còn trống %2</source>
        <translation>%1 — %2 free</translation>
    </message>
    <message>
        <source>Chọn ít nhất một hồ sơ để xuất.</source>
        <translation>Choose at least one dossier to export.</translation>
    </message>
    <message>
        <source>Thêm ít nhất một nơi chép.</source>
        <translation>Add at least one destination.</translation>
    </message>
    <message>
        <source>%1 tệp, %2; đọc lại: %3</source>
        <translation>%1 files, %2; read back: %3</translation>
    </message>
    <message>
        <source>%1 trên %2 bản sao đạt.</source>
        <translation>%1 of %2 copies OK.</translation>
    </message>
    <message>
        <source>Đã dừng theo yêu cầu; chạy Xuất lần nữa để chép tiếp.</source>
        <translation>Stopped as requested; run Export again to continue the copy.</translation>
    </message>
    <message>
        <source>Biên bản sao lưu: %1</source>
        <translation>Backup minutes: %1</translation>
    </message>
</context>
<context>
    <name>FilterModel</name>
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
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>Hướng dẫn vận hành SaoLưu</source>
        <translation>SaoLưu operator&apos;s guide</translation>
    </message>
    <message>
        <source>Mở bằng ứng dụng khác</source>
        <translation>Open in another application</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
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
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Tài khoản:</source>
        <translation>Account:</translation>
    </message>
    <message>
        <source>Mã PIN:</source>
        <translation>PIN:</translation>
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
        <source>&amp;Quét</source>
        <translation>&amp;Scan</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Kiểm tra</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Quét (F5, Space)</source>
        <translation>Scan (F5, Space)</translation>
    </message>
    <message>
        <source>Quét cả khay nạp giấy</source>
        <translation>Scan the whole feeder</translation>
    </message>
    <message>
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Chế độ kiểm tra</source>
        <translation>Review mode</translation>
    </message>
    <message>
        <source>Đổi người dùng…</source>
        <translation>Switch user…</translation>
    </message>
    <message>
        <source>Giao hồ sơ cho người kiểm tra</source>
        <translation>Hand the dossier to the checker</translation>
    </message>
    <message>
        <source>Giữ trang đang xem</source>
        <translation>Keep the page shown</translation>
    </message>
    <message>
        <source>Vừa khung</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>Phóng to</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Thu nhỏ</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Xoay trái</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <source>Xoay phải</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <source>Ảnh gốc / ảnh đã xử lý</source>
        <translation>Master / cleaned image</translation>
    </message>
    <message>
        <source>Đặt cạnh nhau</source>
        <translation>Side by side</translation>
    </message>
    <message>
        <source>Chuyển trang sang trái</source>
        <translation>Move page left</translation>
    </message>
    <message>
        <source>Chuyển trang sang phải</source>
        <translation>Move page right</translation>
    </message>
    <message>
        <source>Bắt đầu tài liệu mới từ trang này</source>
        <translation>Start a new document at this page</translation>
    </message>
    <message>
        <source>Quét lại trang này</source>
        <translation>Rescan this page</translation>
    </message>
    <message>
        <source>Quét chèn vào sau trang này</source>
        <translation>Scan a page in after this one</translation>
    </message>
    <message>
        <source>Xóa trang (vào thùng rác, lấy lại được)</source>
        <translation>Delete page (to the bin, recoverable)</translation>
    </message>
    <message>
        <source>Lấy lại trang vừa xóa</source>
        <translation>Restore the page just deleted</translation>
    </message>
    <message>
        <source>Xoay trang sang trái (làm lại ảnh đã xử lý)</source>
        <translation>Turn the page left (remakes the cleaned image)</translation>
    </message>
    <message>
        <source>Xoay trang sang phải (làm lại ảnh đã xử lý)</source>
        <translation>Turn the page right (remakes the cleaned image)</translation>
    </message>
    <message>
        <source>Tất cả hồ sơ</source>
        <translation>All dossiers</translation>
    </message>
    <message>
        <source>Có nguy cơ hư hỏng</source>
        <translation>At risk</translation>
    </message>
    <message>
        <source>Chưa số hóa</source>
        <translation>Not yet scanned</translation>
    </message>
    <message>
        <source>Chờ kiểm tra</source>
        <translation>Waiting for review</translation>
    </message>
    <message>
        <source>Chưa đủ hai bản sao</source>
        <translation>Not on two media</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Tài liệu</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Kiểm tra</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tìm hồ sơ, tài liệu, nội dung trang (có dấu hoặc không dấu)…</source>
        <translation>Search dossiers, documents, page text (with or without diacritics)…</translation>
    </message>
    <message>
        <source>Hồ sơ: %1 · Trang: %2</source>
        <translation>Dossiers: %1 · Pages: %2</translation>
    </message>
    <message>
        <source>Máy quét: đang quét</source>
        <translation>Scanner: scanning</translation>
    </message>
    <message>
        <source>Máy quét: sẵn sàng (%1)</source>
        <translation>Scanner: ready (%1)</translation>
    </message>
    <message>
        <source>Máy quét: đang tìm…</source>
        <translation>Scanner: looking…</translation>
    </message>
    <message>
        <source>Làm sạch: %1 · OCR: %2 · Xuất: %3</source>
        <translation>Cleanup: %1 · OCR: %2 · Export: %3</translation>
    </message>
    <message>
        <source>Còn trống: %1</source>
        <translation>Free: %1</translation>
    </message>
    <message>
        <source>Hôm nay: %1 trang</source>
        <translation>Today: %1 pages</translation>
    </message>
    <message>
        <source>số hóa</source>
        <translation>operator</translation>
    </message>
    <message>
        <source>kiểm tra</source>
        <translation>checker</translation>
    </message>
    <message>
        <source>quản trị</source>
        <translation>administrator</translation>
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
        <source>còn khoảng %1 giây</source>
        <translation>about %1 s left</translation>
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
        <source>Đã chuyển trang vào thùng rác (Ctrl+Shift+Z để lấy lại).</source>
        <translation>Page moved to the bin (Ctrl+Shift+Z restores it).</translation>
    </message>
    <message>
        <source>Trang sẽ được xử lý lại, xoay %1°.</source>
        <translation>The page will be processed again, turned %1°.</translation>
    </message>
    <message>
        <source>Máy quét thử</source>
        <translation>Demo scanner</translation>
    </message>
    <message>
        <source>Chọn một hồ sơ trước khi quét.</source>
        <translation>Choose a dossier before scanning.</translation>
    </message>
    <message>
        <source>Đang quét lại trang…</source>
        <translation>Rescanning the page…</translation>
    </message>
    <message>
        <source>Đang quét…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <source>Đang dừng…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>Đã lưu %1 trang</source>
        <translation>%1 pages stored</translation>
    </message>
    <message>
        <source>Quét chưa xong.</source>
        <translation>The scan did not finish.</translation>
    </message>
    <message>
        <source>Đã quét %1 trang.</source>
        <translation>%1 pages scanned.</translation>
    </message>
    <message>
        <source>Đang xử lý ảnh…</source>
        <translation>Processing images…</translation>
    </message>
    <message>
        <source>Đang xuất và kiểm tra bản sao…</source>
        <translation>Exporting and verifying copies…</translation>
    </message>
    <message>
        <source>Đã xuất và kiểm tra %1/%2 bản sao.</source>
        <translation>%1/%2 copies exported and verified.</translation>
    </message>
    <message>
        <source>Có bản sao chưa đạt.</source>
        <translation>Some copies are not good.</translation>
    </message>
    <message>
        <source>%1 (%2 trang cần quét lại)</source>
        <translation>%1 (%2 pages to rescan)</translation>
    </message>
    <message>
        <source>Đã duyệt hồ sơ %1.</source>
        <translation>Dossier %1 approved.</translation>
    </message>
    <message>
        <source>Duyệt hồ sơ</source>
        <translation>Approve dossier</translation>
    </message>
    <message>
        <source>%1 trang còn bị đánh dấu. Anh/chị đã xem và giữ tất cả các trang đó?</source>
        <translation>%1 pages are still flagged. Have you looked at them all and do you keep them?</translation>
    </message>
    <message>
        <source>Trạm chưa có tài khoản: mọi người dùng chung một tên.</source>
        <translation>This station has no accounts: everyone works under one name.</translation>
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
    <name>MetadataForm</name>
    <message>
        <source>dd/mm/yyyy, mm/yyyy hoặc yyyy</source>
        <translation>dd/mm/yyyy, mm/yyyy or yyyy</translation>
    </message>
    <message>
        <source>Giống tài liệu trước</source>
        <translation>Same as previous</translation>
    </message>
    <message>
        <source>Điền các ô còn trống bằng giá trị của tài liệu xem trước đó</source>
        <translation>Fill the empty fields with the values of the document shown before</translation>
    </message>
    <message>
        <source>Giống hồ sơ trước</source>
        <translation>Same as previous</translation>
    </message>
    <message>
        <source>Điền các ô còn trống bằng giá trị của hồ sơ xem trước đó</source>
        <translation>Fill the empty fields with the values of the dossier shown before</translation>
    </message>
    <message>
        <source>Lưu thông tin</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Mẫu:</source>
        <translation>Template:</translation>
    </message>
    <message>
        <source>Điền các trường dùng chung (thời hạn, chế độ sử dụng, ngôn ngữ…) từ một mẫu đã lưu</source>
        <translation>Fill the shared fields (retention, access regime, language…) from a saved template</translation>
    </message>
    <message>
        <source>Lưu làm mẫu…</source>
        <translation>Save as template…</translation>
    </message>
    <message>
        <source>Lưu các trường dùng chung của biểu mẫu này thành một mẫu có tên (không lưu mã, tiêu đề, thời gian, số lượng)</source>
        <translation>Save this form&apos;s shared fields as a named template (code, title, dates and counts are not saved)</translation>
    </message>
    <message>
        <source>Tài liệu %1</source>
        <translation>Document %1</translation>
    </message>
    <message>
        <source>Chọn một trang để nhập thông tin tài liệu của nó.</source>
        <translation>Choose a page to fill in its document&apos;s metadata.</translation>
    </message>
    <message>
        <source>Hồ sơ %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <source>Chọn một hồ sơ để nhập thông tin.</source>
        <translation>Choose a dossier to fill in its metadata.</translation>
    </message>
    <message>
        <source>— chọn mẫu —</source>
        <translation>— choose a template —</translation>
    </message>
    <message>
        <source>Đã điền theo mẫu &quot;%1&quot;; bấm Lưu thông tin để ghi.</source>
        <translation>Filled from template &quot;%1&quot;; press Save to record it.</translation>
    </message>
    <message>
        <source>Lưu làm mẫu</source>
        <translation>Save as template</translation>
    </message>
    <message>
        <source>Tên mẫu:</source>
        <translation>Template name:</translation>
    </message>
    <message>
        <source>Đã lưu mẫu &quot;%1&quot; (%2 trường).</source>
        <translation>Saved template &quot;%1&quot; (%2 fields).</translation>
    </message>
    <message>
        <source>Không có gì thay đổi.</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <source>Đã lưu %1 trường.</source>
        <translation>%1 fields saved.</translation>
    </message>
</context>
<context>
    <name>NewDossierDialog</name>
    <message>
        <source>Hồ sơ mới</source>
        <translation>New dossier</translation>
    </message>
    <message>
        <source>Nhập cả danh mục từ tệp Excel/CSV…</source>
        <translation>Import a whole register from an Excel/CSV file…</translation>
    </message>
    <message>
        <source>Phông</source>
        <translation>Fonds</translation>
    </message>
    <message>
        <source>+ Phông mới…</source>
        <translation>+ New fonds…</translation>
    </message>
    <message>
        <source>Phông:</source>
        <translation>Fonds:</translation>
    </message>
    <message>
        <source>Mã phông mới:</source>
        <translation>New fonds code:</translation>
    </message>
    <message>
        <source>Tên phông mới:</source>
        <translation>New fonds name:</translation>
    </message>
    <message>
        <source>Lưu hồ sơ</source>
        <translation>Save dossier</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>dd/mm/yyyy, mm/yyyy hoặc yyyy</source>
        <translation>dd/mm/yyyy, mm/yyyy or yyyy</translation>
    </message>
    <message>
        <source>Nhập mã và tên của phông mới.</source>
        <translation>Enter the code and the name of the new fonds.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Tùy chọn</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>Ngôn ngữ giao diện:</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <source>Cán bộ số hóa:</source>
        <translation>Operator:</translation>
    </message>
    <message>
        <source>Tên cán bộ được ghi vào nhật ký từ lần mở sau.</source>
        <translation>The operator name is recorded in the log from the next start.</translation>
    </message>
    <message>
        <source>ví dụ: UBND TỈNH HÀ GIANG</source>
        <translation>e.g. UBND TỈNH HÀ GIANG</translation>
    </message>
    <message>
        <source>Cơ quan chủ quản:</source>
        <translation>Governing agency:</translation>
    </message>
    <message>
        <source>ví dụ: Hà Giang</source>
        <translation>e.g. Hà Giang</translation>
    </message>
    <message>
        <source>Địa danh:</source>
        <translation>Place name:</translation>
    </message>
    <message>
        <source>In ở đầu báo cáo, danh mục và biên bản sao lưu (Nghị định 30/2020).</source>
        <translation>Printed at the head of reports, registers and backup minutes (Decree 30/2020).</translation>
    </message>
    <message>
        <source>Tên trạm:</source>
        <translation>Station name:</translation>
    </message>
    <message>
        <source>Mở thư mục</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Thư mục dữ liệu:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <source>Dùng thư mục khác: mở SaoLưu với --home THƯ_MỤC hoặc biến SAOLUU_HOME.</source>
        <translation>To use another folder, start SaoLưu with --home FOLDER or the SAOLUU_HOME variable.</translation>
    </message>
    <message>
        <source>Chung</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Ngôn ngữ nhận dạng chữ được chọn theo trường Ngôn ngữ của từng hồ sơ (Thông tư 05). Ngôn ngữ đã cài trên trạm này: %1</source>
        <translation>Text recognition languages follow each dossier&apos;s Language field (Circular 05). Languages installed on this station: %1</translation>
    </message>
    <message>
        <source>Nhận dạng chữ</source>
        <translation>Text recognition</translation>
    </message>
    <message>
        <source>Ngưỡng kiểm tra chất lượng dùng chung cho mọi trạm, để một cảnh báo có cùng ý nghĩa ở mọi nơi.</source>
        <translation>Quality-control thresholds are the same on every station, so a flag means the same thing everywhere.</translation>
    </message>
    <message>
        <source>Ngưỡng</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>Ý nghĩa</source>
        <translation>Meaning</translation>
    </message>
    <message>
        <source>Kiểm tra chất lượng</source>
        <translation>Quality control</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang bắt đầu…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Đang dừng sau phần việc hiện tại…</source>
        <translation>Stopping after the current item…</translation>
    </message>
    <message>
        <source>Còn khoảng %1</source>
        <translation>About %1 left</translation>
    </message>
    <message>
        <source>%1 giây</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 phút</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 giờ %2 phút</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>QcPanel</name>
    <message>
        <source>◀ Trang trước</source>
        <translation>◀ Previous page</translation>
    </message>
    <message>
        <source>Trang sau ▶</source>
        <translation>Next page ▶</translation>
    </message>
    <message>
        <source>Giữ trang này (Ctrl+Enter)</source>
        <translation>Keep this page (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Lý do trả lại trang (bắt buộc)</source>
        <translation>Reason for rejecting the page (required)</translation>
    </message>
    <message>
        <source>Trả lại trang để quét lại</source>
        <translation>Reject the page for a rescan</translation>
    </message>
    <message>
        <source>Duyệt hồ sơ</source>
        <translation>Approve dossier</translation>
    </message>
    <message>
        <source>Trang cần quét lại:</source>
        <translation>Pages to rescan:</translation>
    </message>
    <message>
        <source>Quét lại trang đã chọn</source>
        <translation>Rescan the selected page</translation>
    </message>
    <message>
        <source>Chưa chọn trang.</source>
        <translation>No page selected.</translation>
    </message>
    <message>
        <source>chờ kiểm tra</source>
        <translation>waiting for review</translation>
    </message>
    <message>
        <source>bị đánh dấu</source>
        <translation>flagged</translation>
    </message>
    <message>
        <source>bị trả lại</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>đã giữ</source>
        <translation>kept</translation>
    </message>
    <message>
        <source>Trang %1 — %2</source>
        <translation>Page %1 — %2</translation>
    </message>
    <message>
        <source>Lý do: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>%1 — đã giữ %2, bị đánh dấu %3, bị trả lại %4, chờ %5</source>
        <translation>%1 — kept %2, flagged %3, rejected %4, waiting %5</translation>
    </message>
    <message>
        <source>Trang %1: %2 (%3, %4)</source>
        <translation>Page %1: %2 (%3, %4)</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Công việc chưa xong</source>
        <translation>Unfinished work</translation>
    </message>
    <message>
        <source>Lần trước SaoLưu dừng khi công việc dưới đây chưa xong (mất điện hoặc chương trình bị tắt đột ngột). Các trang đã báo lưu đều an toàn. Chọn việc cần làm tiếp:</source>
        <translation>Last time SaoLưu stopped before the work below was finished (a power cut or the program was killed). Every page reported as saved is safe. Choose what to continue:</translation>
    </message>
    <message>
        <source>Làm sạch ảnh</source>
        <translation>Image cleanup</translation>
    </message>
    <message>
        <source>Nhận dạng chữ (OCR)</source>
        <translation>Text recognition (OCR)</translation>
    </message>
    <message>
        <source>Làm tiếp</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Bỏ phần quét còn thiếu</source>
        <translation>Drop the missing scans</translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Lô quét hồ sơ %1 (bắt đầu %2) bị gián đoạn sau %3 trang; quét tiếp đến hết khay nạp giấy</source>
        <translation>Scan batch of dossier %1 (started %2) interrupted after %3 page(s); scan on until the feeder is empty</translation>
    </message>
    <message>
        <source>Lô quét hồ sơ %1 (bắt đầu %2) bị gián đoạn: đã lưu %3 trang, còn %4 trang</source>
        <translation>Scan batch of dossier %1 (started %2) interrupted: %3 page(s) saved, %4 to go</translation>
    </message>
    <message>
        <source>%1 các trang mới quét</source>
        <translation>%1 of the newly scanned pages</translation>
    </message>
    <message>
        <source>%1: %2 trang đang chờ (hồ sơ %3)</source>
        <translation>%1: %2 page(s) waiting (dossier %3)</translation>
    </message>
    <message>
        <source>Chép tiếp bản sao chưa xong: hồ sơ %1, phiên bản %2, tại %3 (gắn lại vật mang tin trước)</source>
        <translation>Finish the unfinished copy: dossier %1, version %2, at %3 (plug the medium in first)</translation>
    </message>
    <message>
        <source>Đã quét thêm %1 trang, làm sạch %2 trang, nhận dạng chữ %3 trang.</source>
        <translation>Scanned %1 more page(s), cleaned %2, recognised text on %3.</translation>
    </message>
    <message>
        <source>Đã chép xong %1 bản sao.</source>
        <translation>Finished %1 copy(ies).</translation>
    </message>
    <message>
        <source>%1 trang không xử lý được; xem Hàng đợi.</source>
        <translation>%1 page(s) could not be processed; see the queue.</translation>
    </message>
    <message>
        <source>Đã dừng theo yêu cầu.</source>
        <translation>Stopped as requested.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>RegisterImportDialog</name>
    <message>
        <source>Nhập danh mục hồ sơ</source>
        <translation>Import a dossier register</translation>
    </message>
    <message>
        <source>Mỗi dòng là một hồ sơ; tiêu đề cột là tên trường theo Thông tư 05 (fileCode, title…) hoặc nhãn tiếng Việt, cộng cột Mã phông. Tất cả các dòng được kiểm tra trước: nếu có dòng lỗi thì không dòng nào được nhập.</source>
        <translation>One dossier per row; column headers are the Circular 05 field names (fileCode, title…) or their Vietnamese labels, plus a fonds code column. Every row is checked first: if any row is wrong, no row is imported.</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Đọc lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Nhập</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Chọn danh mục hồ sơ</source>
        <translation>Choose a dossier register</translation>
    </message>
    <message>
        <source>Bảng tính (*.xlsx *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Tệp có %1 dòng hồ sơ.</source>
        <translation>The file has %1 dossier row(s).</translation>
    </message>
    <message>
        <source>Hiển thị %1 dòng đầu.</source>
        <translation>Showing the first %1 rows.</translation>
    </message>
    <message>
        <source>Đã nhập %1 hồ sơ; tạo mới %2 phông.</source>
        <translation>Imported %1 dossier(s); created %2 fonds.</translation>
    </message>
    <message>
        <source>Bỏ qua các cột: %1.</source>
        <translation>Columns ignored: %1.</translation>
    </message>
    <message>
        <source>Chưa nhập dòng nào. Sửa tệp rồi bấm Đọc lại.</source>
        <translation>No row was imported. Fix the file, then press Reload.</translation>
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
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>Phông %1: %2 hồ sơ</source>
        <translation>Fonds %1: %2 dossiers</translation>
    </message>
    <message>
        <source>%1 bản sao đã kiểm tra, trên %2 vật mang tin (cần ít nhất 2 vật mang tin)</source>
        <translation>%1 verified copies on %2 media (at least 2 media needed)</translation>
    </message>
</context>
<context>
    <name>ReplicaAuditDialog</name>
    <message>
        <source>Kiểm tra các bản sao</source>
        <translation>Audit the copies</translation>
    </message>
    <message>
        <source>Đọc lại mọi ảnh trong kho của trạm và mọi bản sao đang gắn vào máy, so mã băm, sửa tệp hỏng từ một bản còn tốt. Gắn các vật mang tin cần kiểm tra trước khi bắt đầu.</source>
        <translation>Reads back every image in the station&apos;s vault and every copy on a plugged-in medium, compares hashes, and repairs damaged files from a good copy. Plug in the media to check before you start.</translation>
    </message>
    <message>
        <source>Gói</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>Nơi lưu</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Bắt đầu kiểm tra</source>
        <translation>Start the audit</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Kho của trạm</source>
        <translation>Station vault</translation>
    </message>
    <message>
        <source>Hỏng hoặc thiếu</source>
        <translation>Damaged or missing</translation>
    </message>
    <message>
        <source>Đã sửa</source>
        <translation>Repaired</translation>
    </message>
    <message>
        <source>Tốt</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Không kiểm tra được</source>
        <translation>Cannot be checked</translation>
    </message>
    <message>
        <source>Đã dừng theo yêu cầu; kết quả chưa đầy đủ.</source>
        <translation>Stopped as requested; the results are incomplete.</translation>
    </message>
    <message>
        <source>%1 (trên trạm)</source>
        <translation>%1 (on the station)</translation>
    </message>
    <message>
        <source>Không truy cập được</source>
        <translation>Not reachable</translation>
    </message>
    <message>
        <source>Hỏng, chưa sửa được</source>
        <translation>Damaged, not repaired</translation>
    </message>
    <message>
        <source>%1 tệp đã đọc lại</source>
        <translation>%1 files read back</translation>
    </message>
</context>
<context>
    <name>ScannerSettings</name>
    <message>
        <source>Văn bản hành chính</source>
        <translation>Administrative documents</translation>
    </message>
    <message>
        <source>Giấy mờ, chữ nhạt</source>
        <translation>Faded paper, pale ink</translation>
    </message>
    <message>
        <source>Bản đồ, bản vẽ</source>
        <translation>Maps, drawings</translation>
    </message>
    <message>
        <source>Sổ, sách đóng quyển</source>
        <translation>Bound books, registers</translation>
    </message>
    <message>
        <source>Nạp giấy tự động</source>
        <translation>Automatic feeder</translation>
    </message>
    <message>
        <source>Ảnh</source>
        <translation>Photographs</translation>
    </message>
    <message>
        <source>Khác</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Mặt kính</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>Khay nạp giấy</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Trái/phải xen kẽ</source>
        <translation>Alternating left/right</translation>
    </message>
    <message>
        <source>Cả hai trang, tách sau</source>
        <translation>Both pages, split later</translation>
    </message>
</context>
<context>
    <name>ScannerSettingsDialog</name>
    <message>
        <source>Máy quét và hồ sơ quét</source>
        <translation>Scanners and scan profiles</translation>
    </message>
    <message>
        <source>Máy quét</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Tìm lại</source>
        <translation>Search again</translation>
    </message>
    <message>
        <source>Thiết bị:</source>
        <translation>Device:</translation>
    </message>
    <message>
        <source>Đang tìm máy quét…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <source>Khả năng:</source>
        <translation>Capabilities:</translation>
    </message>
    <message>
        <source>Hồ sơ quét</source>
        <translation>Scan profiles</translation>
    </message>
    <message>
        <source>Tên</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Loại tài liệu</source>
        <translation>Document type</translation>
    </message>
    <message>
        <source>Nguồn giấy</source>
        <translation>Paper source</translation>
    </message>
    <message>
        <source>Độ phân giải</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>Khổ giấy</source>
        <translation>Paper size</translation>
    </message>
    <message>
        <source>%1 (tối thiểu %2 dpi)</source>
        <translation>%1 (at least %2 dpi)</translation>
    </message>
    <message>
        <source>Tên hồ sơ quét mới:</source>
        <translation>New scan profile name:</translation>
    </message>
    <message>
        <source>Loại tài liệu:</source>
        <translation>Document type:</translation>
    </message>
    <message>
        <source>Nguồn giấy:</source>
        <translation>Paper source:</translation>
    </message>
    <message>
        <source>Độ phân giải:</source>
        <translation>Resolution:</translation>
    </message>
    <message>
        <source>Khổ giấy:</source>
        <translation>Paper size:</translation>
    </message>
    <message>
        <source>Chế độ sách:</source>
        <translation>Book mode:</translation>
    </message>
    <message>
        <source>Thêm hồ sơ quét</source>
        <translation>Add scan profile</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>máy quét thử, để tập</source>
        <translation>demo scanner, for practice</translation>
    </message>
    <message>
        <source>Không thấy máy quét nào. Kiểm tra cáp và nguồn điện rồi bấm Tìm lại.</source>
        <translation>No scanner found. Check the cable and the power, then press Search again.</translation>
    </message>
    <message>
        <source>Nguồn giấy: %1. Độ phân giải: %2. Vùng quét tối đa %3 × %4 mm. Hai mặt: %5.</source>
        <translation>Paper source: %1. Resolution: %2. Largest area %3 × %4 mm. Duplex: %5.</translation>
    </message>
    <message>
        <source>có</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>không</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Đặt tên cho hồ sơ quét mới.</source>
        <translation>Give the new scan profile a name.</translation>
    </message>
    <message>
        <source>Đã thêm hồ sơ quét &quot;%1&quot;.</source>
        <translation>Added scan profile &quot;%1&quot;.</translation>
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
<context>
    <name>TourDialog</name>
    <message>
        <source>Làm quen với SaoLưu</source>
        <translation>Getting to know SaoLưu</translation>
    </message>
    <message>
        <source>1. Chào mừng</source>
        <translation>1. Welcome</translation>
    </message>
    <message>
        <source>SaoLưu giúp lập bản sao bảo hiểm tài liệu lưu trữ: chọn hồ sơ, quét từng trang, kiểm tra ảnh, nhập thông tin theo Thông tư 05 rồi xuất ra vật mang tin.

Phần tập làm quen dùng máy quét thử (không cần máy quét thật) và một phông riêng có nhãn [THỰC HÀNH], không lẫn với hồ sơ thật.</source>
        <translation>SaoLưu makes backup copies of archival records: choose a dossier, scan each page, check the images, enter the Circular 05 details, then export to media.

The practice tour uses the demo scanner (no real scanner needed) and a separate fonds labelled [THỰC HÀNH] (practice), kept apart from real dossiers.</translation>
    </message>
    <message>
        <source>2. Quét thử</source>
        <translation>2. Practice scan</translation>
    </message>
    <message>
        <source>Bấm &quot;Quét thử&quot; để tạo hồ sơ thực hành %1 và quét %2 trang bằng máy quét thử. Mỗi trang được lưu ngay khi quét xong, rồi được làm sạch (chỉnh nghiêng, cắt mép) ở chế độ nền.</source>
        <translation>Press &quot;Practice scan&quot; to create the practice dossier %1 and scan %2 pages with the demo scanner. Each page is saved as soon as it is scanned, then cleaned (deskewed, edges cropped) in the background.</translation>
    </message>
    <message>
        <source>3. Xem và kiểm tra</source>
        <translation>3. Look and check</translation>
    </message>
    <message>
        <source>Hồ sơ thực hành nằm trong danh mục bên trái, dưới phông THUCHANH. Chọn hồ sơ để xem thông tin; trang có vấn đề (mờ, nghiêng, trang trắng) được đánh dấu để quét lại đúng trang đó.</source>
        <translation>The practice dossier is in the register on the left, under fonds THUCHANH. Select it to see its details; a page with a problem (blurred, skewed, blank) is flagged so that exactly that page is rescanned.</translation>
    </message>
    <message>
        <source>4. Dọn dẹp</source>
        <translation>4. Tidy up</translation>
    </message>
    <message>
        <source>Khi đã quen, xóa dữ liệu thực hành trong Trợ giúp › Xóa dữ liệu thực hành. Hướng dẫn đầy đủ: Trợ giúp › Hướng dẫn vận hành (F1).</source>
        <translation>When you are done, remove the practice data with Help › Remove practice data. The full guide: Help › Operator&apos;s guide (F1).</translation>
    </message>
    <message>
        <source>Quét thử</source>
        <translation>Practice scan</translation>
    </message>
    <message>
        <source>Quay lại</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Tiếp</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Bỏ qua</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>Xong</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Đã quét %1 trang và làm sạch %2 trang vào hồ sơ %3.</source>
        <translation>Scanned %1 page(s) and cleaned %2 into dossier %3.</translation>
    </message>
</context>
</TS>
