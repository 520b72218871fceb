<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
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
        <source>Bản sao chưa chép xong (hồ sơ %1, phiên bản %2) tại %3. Mở Tệp › Xuất ra vật mang tin và chép lại hồ sơ này; bản sao dở dang được kiểm tra và thay thế.</source>
        <translation>Copy not finished (dossier %1, version %2) at %3. Open File › Export to media and copy this dossier again; the unfinished copy is checked and replaced.</translation>
    </message>
    <message>
        <source>Đã quét thêm %1 trang, làm sạch %2 trang, nhận dạng chữ %3 trang.</source>
        <translation>Scanned %1 more page(s), cleaned %2, recognised text on %3.</translation>
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
        <source>Phông %1: %2 hồ sơ</source>
        <translation>Fonds %1: %2 dossiers</translation>
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
