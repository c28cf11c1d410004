// SPDX-License-Identifier: MIT
#include "adapters/render/pdf/letter_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include <kainjow/mustache.hpp>

#include "adapters/render/locale_format.h"
#include "adapters/render/template_renderer.h"

namespace relance {
namespace {

namespace mu = kainjow::mustache;

// --- Page geometry (points; 1 mm = 72 / 25.4 pt) --------------------------------------------

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 595.28;  // A4
constexpr double kPageH = 841.89;
constexpr double kLeft = 20 * kMm;
constexpr double kRight = kPageW - 20 * kMm;
constexpr double kTextW = kRight - kLeft;
constexpr double kBodyTopFirst = 89 * kMm;
constexpr double kBodyTop = 20 * kMm;
constexpr double kBodyBottom = 272 * kMm;
// Sender block, top left.
constexpr double kSenderX = kLeft;
constexpr double kSenderY = 15 * kMm;
constexpr double kSenderW = 80 * kMm;
constexpr double kSenderH = 32 * kMm;
// Recipient block: inside the window of a DL/C5 window envelope (see letter_pdf.h).
constexpr double kToX = 100 * kMm;
constexpr double kToY = 49 * kMm;
constexpr double kToW = 90 * kMm;
constexpr double kToH = 37 * kMm;
// Footer.
constexpr double kFooterY = 276 * kMm;
constexpr double kPageNumberY = 285 * kMm;

constexpr const char* kFamily = "DejaVu Sans";
constexpr double kBodySize = 9.0;
constexpr double kTableSize = 8.5;
constexpr double kBlockSize = 9.5;  // recipient block
constexpr double kSenderSize = 9.0;
constexpr double kFooterSize = 7.0;
constexpr double kCellPadX = 3.0;
constexpr double kCellPadY = 2.2;
constexpr double kParagraphGap = 2.4 * kMm;

// --- Templates --------------------------------------------------------------------------------

std::string letter_escape(const std::string& s) {
    std::string out = single_line(s);
    std::string r;
    r.reserve(out.size());
    for (char c : out) {
        if (c == '|') {
            r += "\xC2\xA6";  // ¦: a value never splits a table cell
        } else {
            r += c;
        }
    }
    return r;
}

std::string lower_lang(std::string_view lang) {
    std::string out;
    for (char c : lang) {
        if (c == '-' || c == '_') break;
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out == "en" ? out : std::string("fr");
}

void set_both(mu::data& obj, const char* fr, const char* en, const mu::data& value) {
    obj.set(fr, value);
    obj.set(en, value);
}

mu::data lines_list(const std::vector<std::string>& lines) {
    mu::data list{mu::data::type::list};
    for (const std::string& l : lines) {
        if (l.empty()) continue;
        mu::data item;
        set_both(item, "ligne", "line", mu::data(l));
        list.push_back(item);
    }
    return list;
}

// --- Parsed body --------------------------------------------------------------------------------

enum class Align { Left, Right, Center };

struct Table {
    std::vector<std::vector<std::string>> rows;  // rows[0] is the header
    std::vector<bool> bold;
    std::vector<bool> right;  // per column
};

struct Block {
    enum class Kind { Line, Gap, Space, Keep, Table } kind = Kind::Line;
    std::string text;
    Align align = Align::Left;
    bool bold = false;
    bool heading = false;
    double space = 0;  // Space, Keep: points
    Table table;
};

std::string trim(std::string_view s) {
    std::size_t a = 0;
    std::size_t b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
    return std::string(s.substr(a, b - a));
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

std::vector<std::string> split_cells(const std::string& line) {
    std::vector<std::string> cells;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t bar = line.find('|', pos);
        cells.push_back(trim(std::string_view(line).substr(pos, bar == std::string::npos
                                                                      ? std::string::npos
                                                                      : bar - pos)));
        if (bar == std::string::npos) break;
        pos = bar + 1;
    }
    return cells;
}

std::vector<Block> parse_body(const std::string& text) {
    std::vector<Block> blocks;
    bool in_table = false;
    Table table;
    const auto gap = [&]() {
        if (!blocks.empty() && blocks.back().kind != Block::Kind::Gap) {
            blocks.push_back(Block{Block::Kind::Gap});
        }
    };
    for (const std::string& raw : split_lines(text)) {
        const std::string line = trim(raw);
        if (in_table) {
            if (line == "[[/table]]" || line == "[[/tableau]]") {
                in_table = false;
                if (!table.rows.empty()) {
                    const std::size_t cols = table.rows.front().size();
                    for (auto& r : table.rows) r.resize(cols);
                    Block b{Block::Kind::Table};
                    b.table = std::move(table);
                    blocks.push_back(std::move(b));
                }
                table = Table{};
                continue;
            }
            if (line.empty()) continue;
            std::string row = line;
            bool bold = false;
            if (row.rfind("*", 0) == 0) {
                bold = true;
                row = trim(std::string_view(row).substr(1));
            }
            auto cells = split_cells(row);
            if (table.rows.empty()) {
                for (std::string& c : cells) {
                    const bool right = c.rfind(">", 0) == 0;
                    if (right) c = trim(std::string_view(c).substr(1));
                    table.right.push_back(right);
                }
                bold = true;
            }
            table.rows.push_back(std::move(cells));
            table.bold.push_back(bold);
            continue;
        }
        if (line == "[[table]]" || line == "[[tableau]]") {
            in_table = true;
            continue;
        }
        if (line.empty()) {
            gap();
            continue;
        }
        const bool keep = line.rfind("[[keep", 0) == 0 || line.rfind("[[garder", 0) == 0;
        if (keep || line.rfind("[[space", 0) == 0 || line.rfind("[[espace", 0) == 0) {
            const std::size_t sp = line.find(' ');
            double mm = 5;
            if (sp != std::string::npos) mm = std::atof(line.c_str() + sp + 1);
            Block b{keep ? Block::Kind::Keep : Block::Kind::Space};
            b.space = std::clamp(mm, 0.0, 100.0) * kMm;
            blocks.push_back(b);
            continue;
        }
        Block b{Block::Kind::Line};
        if (line.rfind(">>", 0) == 0) {
            b.align = Align::Right;
            b.text = trim(std::string_view(line).substr(2));
        } else if (line.rfind("##", 0) == 0) {
            b.align = Align::Center;
            b.bold = true;
            b.heading = true;
            b.text = trim(std::string_view(line).substr(2));
        } else if (line.rfind("#", 0) == 0) {
            b.bold = true;
            b.text = trim(std::string_view(line).substr(1));
        } else {
            b.text = line;
        }
        if (!b.text.empty()) blocks.push_back(std::move(b));
    }
    while (!blocks.empty() && blocks.back().kind == Block::Kind::Gap) blocks.pop_back();
    return blocks;
}

// Non-empty lines of a block template; "# " lines are bold.
struct BlockLine {
    std::string text;
    bool bold = false;
};
std::vector<BlockLine> block_lines(const std::string& text) {
    std::vector<BlockLine> out;
    for (const std::string& raw : split_lines(text)) {
        std::string line = trim(raw);
        if (line.empty()) continue;
        bool bold = false;
        if (line.rfind("#", 0) == 0) {
            bold = true;
            line = trim(std::string_view(line).substr(1));
        }
        if (!line.empty()) out.push_back(BlockLine{line, bold});
    }
    return out;
}

// --- cairo / pango, owned -----------------------------------------------------------------------

struct CairoDestroy {
    void operator()(cairo_t* p) const { cairo_destroy(p); }
    void operator()(cairo_surface_t* p) const { cairo_surface_destroy(p); }
};
struct GObjectUnref {
    void operator()(gpointer p) const {
        if (p != nullptr) g_object_unref(p);
    }
};
struct FontFree {
    void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontFree>;

FontPtr font(double size, bool bold) {
    FontPtr f(pango_font_description_new());
    pango_font_description_set_family(f.get(), kFamily);
    pango_font_description_set_absolute_size(f.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(f.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    return f;
}

double to_pt(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }
int to_units(double pt) { return static_cast<int>(pt * PANGO_SCALE); }

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}
cairo_status_t discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

// Lays the letter out on `cr`. With draw = false it only counts pages (the first pass), so
// that the second pass can print "Page n / N".
class Layout {
public:
    Layout(cairo_t* cr, bool draw, int total_pages, std::string page_word, std::string of_word)
        : cr_(cr), draw_(draw), total_(total_pages), page_word_(std::move(page_word)),
          of_word_(std::move(of_word)) {}

    int pages() const { return page_; }

    void first_page(const std::vector<BlockLine>& sender, const std::vector<BlockLine>& to,
                    const std::string& footer) {
        footer_ = footer;
        page_ = 1;
        y_ = kBodyTopFirst;
        if (!draw_) return;
        fold_marks();
        block(sender, kSenderX, kSenderY, kSenderW, kSenderH, kSenderSize, 2);
        block(to, kToX, kToY, kToW, kToH, kBlockSize, 3);
    }

    void body(const std::vector<Block>& blocks) {
        for (const Block& b : blocks) {
            switch (b.kind) {
                case Block::Kind::Gap: y_ += kParagraphGap; break;
                case Block::Kind::Space:
                    y_ = std::min(y_ + b.space, kBodyBottom);  // a gap never opens a page
                    break;
                case Block::Kind::Keep:  // what follows (b.space high) stays on one page
                    if (y_ + b.space > kBodyBottom) new_page();
                    break;
                case Block::Kind::Line: paragraph(b); break;
                case Block::Kind::Table: table(b.table); break;
            }
        }
    }

    void finish() { footer(); }

private:
    LayoutPtr make(const std::string& text, double size, bool bold, double width) {
        LayoutPtr l(pango_cairo_create_layout(cr_));
        auto f = font(size, bold);
        pango_layout_set_font_description(l.get(), f.get());
        pango_layout_set_width(l.get(), to_units(width));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l.get(), text.c_str(), -1);
        return l;
    }

    void fold_marks() {
        cairo_save(cr_);
        cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
        cairo_set_line_width(cr_, 0.4);
        for (double y : {99 * kMm, 198 * kMm}) {
            cairo_move_to(cr_, 4 * kMm, y);
            cairo_line_to(cr_, 8 * kMm, y);
        }
        cairo_stroke(cr_);
        cairo_restore(cr_);
    }

    // An address block: bold lines (the name) wrap on at most `bold_lines` lines; every other
    // line stays one line, cut with "…"; lines past the block's height are left out.
    void block(const std::vector<BlockLine>& lines, double x, double y, double w, double h,
               double size, int bold_lines) {
        double top = y;
        for (const BlockLine& line : lines) {
            const double room = y + h - top;
            if (room <= 0) break;
            LayoutPtr l = make(line.text, size, line.bold, w);
            pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
            pango_layout_set_height(l.get(), line.bold ? -bold_lines : -1);
            int lw = 0;
            int lh = 0;
            pango_layout_get_size(l.get(), &lw, &lh);
            if (to_pt(lh) > room) {
                pango_layout_set_height(l.get(), to_units(room));
                pango_layout_get_size(l.get(), &lw, &lh);
                if (to_pt(lh) > room) break;
            }
            cairo_move_to(cr_, x, top);
            pango_cairo_show_layout(cr_, l.get());
            top += to_pt(lh);
        }
    }

    void new_page() {
        footer();
        if (draw_) cairo_show_page(cr_);
        ++page_;
        y_ = kBodyTop;
    }

    void footer() {
        if (!draw_) return;
        if (!footer_.empty()) {
            LayoutPtr l = make(footer_, kFooterSize, false, kTextW);
            pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
            pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
            pango_layout_set_height(l.get(), -2);
            cairo_save(cr_);
            cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
            cairo_move_to(cr_, kLeft, kFooterY);
            pango_cairo_show_layout(cr_, l.get());
            cairo_restore(cr_);
        }
        const std::string n = page_word_ + " " + std::to_string(page_) + " " + of_word_ + " " +
                              std::to_string(total_);
        LayoutPtr l = make(n, kFooterSize, false, kTextW);
        pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
        cairo_move_to(cr_, kLeft, kPageNumberY);
        pango_cairo_show_layout(cr_, l.get());
    }

    // Draws `l` at x line by line from y_, continuing on a new page when a line does not fit.
    void lines_of(PangoLayout* l, double x) {
        PangoLayoutIter* it = pango_layout_get_iter(l);
        do {
            PangoRectangle logical{};
            pango_layout_iter_get_line_extents(it, nullptr, &logical);
            const double h = to_pt(logical.height);
            if (y_ + h > kBodyBottom) new_page();
            if (draw_) {
                const double baseline = to_pt(pango_layout_iter_get_baseline(it) - logical.y);
                cairo_move_to(cr_, x + to_pt(logical.x), y_ + baseline);
                pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
            }
            y_ += h;
        } while (pango_layout_iter_next_line(it) != 0);
        pango_layout_iter_free(it);
    }

    void paragraph(const Block& b) {
        LayoutPtr l = make(b.text, b.heading ? 11.5 : kBodySize, b.bold, kTextW);
        pango_layout_set_alignment(l.get(), b.align == Align::Right    ? PANGO_ALIGN_RIGHT
                                            : b.align == Align::Center ? PANGO_ALIGN_CENTER
                                                                       : PANGO_ALIGN_LEFT);
        if (b.align == Align::Left && !b.bold) pango_layout_set_justify(l.get(), TRUE);
        if (b.heading) y_ += 1.5 * kMm;
        lines_of(l.get(), kLeft);
        if (b.heading) y_ += 1.5 * kMm;
    }

    void table(const Table& t) {
        const std::size_t cols = t.rows.front().size();
        // Natural width of each column (no wrapping), then fit to the text width.
        std::vector<double> natural(cols, 0);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            for (std::size_t c = 0; c < cols; ++c) {
                LayoutPtr l = make(t.rows[r][c], kTableSize, t.bold[r], -1);
                pango_layout_set_width(l.get(), -1);
                int w = 0;
                int h = 0;
                pango_layout_get_size(l.get(), &w, &h);
                natural[c] = std::max(natural[c], to_pt(w) + 2 * kCellPadX + 1);
            }
        }
        double sum = 0;
        for (double w : natural) sum += w;
        std::vector<double> width = natural;
        if (sum <= kTextW) {
            for (double& w : width) w += (kTextW - sum) / static_cast<double>(cols);
        } else {
            for (double& w : width) w = w * kTextW / sum;
        }
        // The header and the first row are kept together.
        std::vector<LayoutPtr> scratch;
        const double head = row_height(t, 0, width, scratch) +
                            (t.rows.size() > 1 ? row_height(t, 1, width, scratch) : 0);
        if (y_ + head > kBodyBottom) new_page();
        for (std::size_t r = 0; r < t.rows.size(); ++r) draw_row(t, r, width);
    }

    // The cells of row `r` laid out in their columns; returns the row's height.
    double row_height(const Table& t, std::size_t r, const std::vector<double>& width,
                      std::vector<LayoutPtr>& cells) {
        double h = 0;
        cells.clear();
        for (std::size_t c = 0; c < width.size(); ++c) {
            LayoutPtr l = make(t.rows[r][c], kTableSize, t.bold[r], width[c] - 2 * kCellPadX);
            if (t.right[c]) pango_layout_set_alignment(l.get(), PANGO_ALIGN_RIGHT);
            int lw = 0;
            int lh = 0;
            pango_layout_get_size(l.get(), &lw, &lh);
            h = std::max(h, to_pt(lh));
            cells.push_back(std::move(l));
        }
        return h + 2 * kCellPadY;
    }

    // Row `r` at y_; a row that does not fit goes to a new page, after the header again.
    void draw_row(const Table& t, std::size_t r, const std::vector<double>& width) {
        std::vector<LayoutPtr> cells;
        const double h = row_height(t, r, width, cells);
        if (y_ + h > kBodyBottom && r != 0) {
            new_page();
            draw_row(t, 0, width);
        }
        if (draw_) {
            cairo_save(cr_);
            if (r == 0) {
                cairo_set_source_rgb(cr_, 0.9, 0.9, 0.9);
                cairo_rectangle(cr_, kLeft, y_, kTextW, h);
                cairo_fill(cr_);
            }
            cairo_set_source_rgb(cr_, 0, 0, 0);
            double x = kLeft;
            for (std::size_t c = 0; c < width.size(); ++c) {
                cairo_move_to(cr_, x + kCellPadX, y_ + kCellPadY);
                pango_cairo_show_layout(cr_, cells[c].get());
                x += width[c];
            }
            cairo_set_line_width(cr_, r == 0 || t.bold[r] ? 0.6 : 0.3);
            cairo_set_source_rgb(cr_, 0.55, 0.55, 0.55);
            if (t.bold[r] && r != 0) {
                cairo_move_to(cr_, kLeft, y_);
                cairo_line_to(cr_, kRight, y_);
            }
            cairo_move_to(cr_, kLeft, y_ + h);
            cairo_line_to(cr_, kRight, y_ + h);
            cairo_stroke(cr_);
            cairo_restore(cr_);
        }
        y_ += h;
    }

    cairo_t* cr_;
    bool draw_;
    int total_;
    std::string page_word_;
    std::string of_word_;
    std::string footer_;
    int page_ = 1;
    double y_ = kBodyTopFirst;
};

std::string one_line_text(const std::string& text) {
    std::string out;
    for (const BlockLine& l : block_lines(text)) out += (out.empty() ? "" : " ") + l.text;
    return out;
}

}  // namespace

std::string format_long_date(Date date, std::string_view lang) {
    static constexpr std::array<std::string_view, 12> kFr = {
        "janvier", "février", "mars",      "avril",   "mai",      "juin",
        "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    static constexpr std::array<std::string_view, 12> kEn = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const auto day = static_cast<unsigned>(date.day());
    const auto month = static_cast<unsigned>(date.month());
    const bool en = number_style(lang) == NumberStyle::English;
    if (month < 1 || month > 12) return to_iso(date);
    std::string out = std::to_string(day);
    if (!en && day == 1) out += "er";  // "1er décembre"
    out += ' ';
    out += en ? kEn[month - 1] : kFr[month - 1];
    out += ' ';
    out += std::to_string(static_cast<int>(date.year()));
    return out;
}

struct PdfLetterRenderer::Impl {
    std::map<std::pair<std::string, std::string>, std::unique_ptr<mu::mustache>> tmpl;
    std::map<std::pair<std::string, std::string>, std::string> origin;
};

PdfLetterRenderer::PdfLetterRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfLetterRenderer::PdfLetterRenderer(PdfLetterRenderer&&) noexcept = default;
PdfLetterRenderer& PdfLetterRenderer::operator=(PdfLetterRenderer&&) noexcept = default;
PdfLetterRenderer::~PdfLetterRenderer() = default;

Result<PdfLetterRenderer> PdfLetterRenderer::builtin() { return from_sources({}); }

Result<PdfLetterRenderer> PdfLetterRenderer::from_sources(std::vector<LetterTemplateSource> sources) {
    try {
        std::map<std::pair<std::string, std::string>, const LetterTemplateSource*> chosen;
        for (const auto& t : default_letter_templates()) chosen[{t.language, t.part}] = &t;
        for (const auto& t : sources) chosen[{lower_lang(t.language), t.part}] = &t;
        auto impl = std::make_unique<Impl>();
        for (const auto& [key, src] : chosen) {
            auto m = std::make_unique<mu::mustache>(src->text);
            if (!m->is_valid()) {
                return fail(ErrorCode::InvalidInput,
                            src->origin + ": template error: " + m->error_message());
            }
            m->set_custom_escape(letter_escape);
            impl->tmpl[key] = std::move(m);
            impl->origin[key] = src->origin;
        }
        return PdfLetterRenderer(std::move(impl));
    } catch (const std::exception& e) {
        return fail(ErrorCode::Internal, std::string("loading letter templates failed: ") + e.what());
    }
}

Result<PdfLetterRenderer> PdfLetterRenderer::from_folder(const std::filesystem::path& folder) {
    std::vector<LetterTemplateSource> sources;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return fail(ErrorCode::NotFound, "template folder '" + folder.string() + "' does not exist");
    }
    for (const std::string lang : {"fr", "en"}) {
        for (const std::string& part : letter_parts()) {
            const auto file = folder / lang / letter_template_file_name(part);
            if (!std::filesystem::is_regular_file(file, ec)) continue;
            std::ifstream in(file, std::ios::binary);
            std::ostringstream buf;
            buf << in.rdbuf();
            if (!in) return fail(ErrorCode::InvalidInput, file.string() + ": cannot read");
            sources.push_back(LetterTemplateSource{lang, part, buf.str(), file.string()});
        }
    }
    return from_sources(std::move(sources));
}

std::vector<std::string> PdfLetterRenderer::missing_items(const LetterFacts& f) const {
    std::vector<std::string> out;
    const CreditorIdentity& c = f.creditor;
    const auto need = [&](bool ok, const char* what) {
        if (!ok) out.emplace_back(what);
    };
    need(!c.name.empty(), "the creditor's legal name (company.name)");
    need(!c.legal_form.empty(), "the creditor's legal form (company.legal_form)");
    need(!c.siren.empty(), "the creditor's SIREN (company.siren)");
    need(!c.address.empty(), "the creditor's address (company.address)");
    need(!c.signatory.empty(), "a person authorised to sign (letters.signatory)");
    need(!c.iban.empty(), "payment details (company.iban)");
    need(!f.customer.address.empty(),
         "the debtor's postal address (the address column of the invoice export)");
    if (f.customer.type == CustomerType::B2B) {
        need(!f.customer.siren.empty(), "the debtor's SIREN (the siren column of the invoice export)");
    }
    return out;
}

Result<std::string> PdfLetterRenderer::render_letter(const LetterFacts& f) {
    if (f.lines.empty()) return fail(ErrorCode::InvalidInput, "a letter needs at least one invoice");
    const std::string lang = lower_lang(f.language);
    const Currency currency = f.lines.front().amount_due.currency();
    Money due = Money::zero(currency);
    Money total = Money::zero(currency);
    Money paid = Money::zero(currency);
    Money interest = Money::zero(currency);
    Money indemnity = Money::zero(currency);
    std::vector<int> rates;
    bool any_penalty = false;
    std::string numbers;
    for (const InvoiceLine& l : f.lines) {
        const bool same = l.amount_due.currency() == currency && l.total.currency() == currency &&
                          l.paid.currency() == currency &&
                          (!l.penalty || (l.penalty->interest.currency() == currency &&
                                          l.penalty->indemnity.currency() == currency));
        if (!same) {
            return fail(ErrorCode::InvalidInput, "invoice " + l.number + ": amounts in another currency than " +
                                                     std::string(currency.code()));
        }
        due = Money{due.minor() + l.amount_due.minor(), currency};
        total = Money{total.minor() + l.total.minor(), currency};
        paid = Money{paid.minor() + l.paid.minor(), currency};
        if (l.penalty) {
            any_penalty = true;
            interest = Money{interest.minor() + l.penalty->interest.minor(), currency};
            indemnity = Money{indemnity.minor() + l.penalty->indemnity.minor(), currency};
            if (l.penalty->rate_bps != 0 &&
                std::find(rates.begin(), rates.end(), l.penalty->rate_bps) == rates.end()) {
                rates.push_back(l.penalty->rate_bps);
            }
        }
        numbers += (numbers.empty() ? "" : ", ") + l.number;
    }
    const bool business = f.customer.type == CustomerType::B2B;
    const bool with_penalties = business && any_penalty;
    if (!with_penalties) {
        interest = Money::zero(currency);
        indemnity = Money::zero(currency);
    }
    const Money claimed{due.minor() + interest.minor() + indemnity.minor(), currency};

    std::array<std::string, 4> out;
    try {
        const auto money = [&](const Money& m) { return mu::data(format_money(m, lang)); };
        const auto rate_text = [&](const std::vector<int>& rs) {
            std::string s;
            for (int r : rs) s += (s.empty() ? "" : " / ") + format_rate(r, lang);
            return s;
        };
        mu::data root;
        const CreditorIdentity& c = f.creditor;
        const auto opt = [&](const char* fr, const char* en, const std::string& v) {
            if (!v.empty()) set_both(root, fr, en, mu::data(v));
        };
        opt("entreprise", "company_name", c.name);
        opt("forme_juridique", "legal_form", c.legal_form);
        opt("capital", "share_capital", c.capital);
        opt("siren_entreprise", "company_siren", c.siren);
        opt("rcs", "rcs", c.rcs);
        opt("tva_intracom", "vat_number", c.vat_number);
        opt("ville", "city", c.city);
        opt("telephone_entreprise", "company_phone", c.phone);
        opt("email_entreprise", "company_email", c.email);
        opt("contact", "contact", c.contact);
        opt("signataire", "signatory", c.signatory);
        opt("titre_signataire", "signatory_title", c.signatory_title);
        opt("iban", "iban", c.iban);
        opt("bic", "bic", c.bic);
        opt("banque", "bank", c.bank);
        set_both(root, "adresse_entreprise", "company_address", lines_list(c.address));
        opt("nom_client", "customer_name", f.customer.name);
        set_both(root, "adresse_client", "customer_address", lines_list(f.customer.address));
        opt("siren_client", "customer_siren", f.customer.siren);
        set_both(root, "professionnel", "business", mu::data(business));
        set_both(root, "consommateur", "consumer", mu::data(!business));
        set_both(root, "date_lettre", "letter_date", mu::data(format_long_date(f.date, lang)));
        opt("reference", "reference", f.reference);
        set_both(root, "delai_jours", "deadline_days", mu::data(std::to_string(f.deadline_days)));

        mu::data invoices{mu::data::type::list};
        for (const InvoiceLine& l : f.lines) {
            mu::data item;
            set_both(item, "numero_facture", "invoice_number", mu::data(l.number));
            set_both(item, "date_facture", "issue_date",
                     mu::data(l.issue_date ? format_date(*l.issue_date, lang) : std::string("—")));
            set_both(item, "date_echeance", "due_date", mu::data(format_date(l.due_date, lang)));
            set_both(item, "montant_total", "total", money(l.total));
            set_both(item, "montant_regle", "amount_paid", money(l.paid));
            set_both(item, "montant", "amount_due", money(l.amount_due));
            set_both(item, "jours_retard", "days_late", mu::data(std::to_string(l.days_late)));
            if (with_penalties) {
                const Money in = l.penalty ? l.penalty->interest : Money::zero(currency);
                const Money ind = l.penalty ? l.penalty->indemnity : Money::zero(currency);
                set_both(item, "penalites", "penalties", money(in));
                set_both(item, "indemnite", "indemnity", money(ind));
                const int r = l.penalty ? l.penalty->rate_bps : 0;
                set_both(item, "taux_penalites", "penalty_rate",
                         mu::data(r != 0 ? format_rate(r, lang) : std::string("—")));
            }
            const std::string link = l.payment_link;
            if (link.rfind("https://", 0) == 0 || link.rfind("http://", 0) == 0) {
                set_both(item, "lien_paiement", "payment_link", mu::data(link));
            }
            invoices.push_back(item);
        }
        set_both(root, "factures", "invoices", invoices);
        set_both(root, "numero_facture", "invoice_number", mu::data(numbers));
        set_both(root, "nombre_factures", "invoice_count", mu::data(std::to_string(f.lines.size())));
        set_both(root, "plusieurs_factures", "several_invoices", mu::data(f.lines.size() > 1));
        set_both(root, "montant", "amount_due", money(due));
        set_both(root, "montant_total", "total", money(total));
        set_both(root, "montant_regle", "amount_paid", money(paid));
        set_both(root, "penalites", "penalties", money(interest));
        set_both(root, "indemnite", "indemnity", money(indemnity));
        set_both(root, "total_reclame", "total_claimed", money(claimed));
        const std::string rt = rate_text(rates);
        if (!rt.empty()) set_both(root, "taux_penalites", "penalty_rate", mu::data(rt));
        set_both(root, "avec_penalites", "has_penalties", mu::data(with_penalties));
        set_both(root, "taux_bce", "statutory_rate", mu::data(f.rate_basis == "statutory"));
        set_both(root, "taux_trois_fois_legal", "three_times_legal_rate",
                 mu::data(f.rate_basis == "3x_legal"));
        set_both(root, "taux_contractuel", "contractual_rate",
                 mu::data(!f.rate_basis.empty() && f.rate_basis != "statutory" &&
                          f.rate_basis != "3x_legal"));

        const auto& parts = letter_parts();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const auto key = std::make_pair(lang, parts[i]);
            const auto it = impl_->tmpl.find(key);
            if (it == impl_->tmpl.end()) {
                return fail(ErrorCode::InvalidInput, "no letter template " + lang + "/" +
                                                         letter_template_file_name(parts[i]));
            }
            it->second->render(root, [&](const std::string& chunk) { out[i] += chunk; });
            if (!it->second->is_valid()) {
                return fail(ErrorCode::InvalidInput,
                            impl_->origin[key] + ": template error: " + it->second->error_message());
            }
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::Internal, std::string("letter template failed: ") + e.what());
    }

    const std::vector<BlockLine> sender = block_lines(out[0]);
    const std::vector<BlockLine> to = block_lines(out[1]);
    const std::vector<Block> body = parse_body(out[2]);
    const std::string footer = one_line_text(out[3]);
    const std::string page_word = "Page";
    const std::string of_word = lang == "en" ? "of" : "/";

    // Pass 1 counts the pages; pass 2 draws them with "Page n / N".
    int pages = 1;
    {
        std::unique_ptr<cairo_surface_t, CairoDestroy> surface(
            cairo_pdf_surface_create_for_stream(discard, nullptr, kPageW, kPageH));
        std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
        Layout layout(cr.get(), false, 0, page_word, of_word);
        layout.first_page(sender, to, footer);
        layout.body(body);
        pages = layout.pages();
        cairo_surface_finish(surface.get());
    }
    std::string pdf;
    std::unique_ptr<cairo_surface_t, CairoDestroy> surface(
        cairo_pdf_surface_create_for_stream(append_to_string, &pdf, kPageW, kPageH));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        return fail(ErrorCode::Internal, std::string("cairo: ") +
                                             cairo_status_to_string(cairo_surface_status(surface.get())));
    }
    // A fixed creation date (the letter's), so the same facts give the same file.
    const std::string created = to_iso(f.date) + "T00:00:00Z";
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, created.c_str());
    const std::string title = (lang == "en" ? "Formal notice to pay — " : "Mise en demeure de payer — ") +
                              f.customer.name;
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, f.creditor.name.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "relance");
    {
        std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
        Layout layout(cr.get(), true, pages, page_word, of_word);
        layout.first_page(sender, to, footer);
        layout.body(body);
        layout.finish();
        cairo_show_page(cr.get());
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
            return fail(ErrorCode::Internal,
                        std::string("cairo: ") + cairo_status_to_string(cairo_status(cr.get())));
        }
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        return fail(ErrorCode::Internal, std::string("cairo: ") +
                                             cairo_status_to_string(cairo_surface_status(surface.get())));
    }
    return pdf;
}

}  // namespace relance
