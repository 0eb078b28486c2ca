// DocumentStream: a document whose text arrives in chunks, scanned through a
// sliding window by the scanner's ScanState (scan_state.h). The window holds
// the field's text compacted (stream_padding.h: long runs of padding cut
// short); matches are mapped back to the original offsets before they are
// kept.
#include <algorithm>
#include <iterator>
#include <limits>

#include "bylaw/error.h"
#include "bylaw/scanner.h"
#include "runtime/scan_state.h"
#include "skeleton.h"
#include "runtime/stream_matches.h"
#include "runtime/stream_padding.h"

namespace bylaw {

// One field of a stream: the window of its text not yet forgotten.
struct DocumentStream::FieldWindow {
  std::uint32_t field = 0;        // index in document_.fields
  std::string text;               // the window: compacted bytes [base, base + text.size())
  std::uint64_t base = 0;
  internal::PaddingRuns padding;
  std::vector<internal::PaddingGap> gaps;  // those at or after `base`, in order
  std::uint64_t removed_before = 0;        // bytes left out before the first of `gaps`
  std::uint32_t words_before = 0;  // words that start before `base`
  bool after_word = false;         // the character before `base` is a word character
  std::uint64_t kept_until = 0;    // matches ending up to here are decided
};

DocumentStream::DocumentStream(Scanner& scanner, std::string id)
    : scanner_(scanner),
      matches_(std::make_unique<internal::StreamMatches>(scanner.program_->data())) {
  document_.id = std::move(id);
}

DocumentStream::~DocumentStream() = default;

DocumentStream::FieldWindow& DocumentStream::FieldNamed(std::string_view name) {
  for (FieldWindow& window : windows_) {
    if (document_.fields[window.field].name == name) return window;
  }
  document_.AddField(std::string(name), std::string());
  FieldWindow& window = windows_.emplace_back();
  window.field = static_cast<std::uint32_t>(document_.fields.size() - 1);
  window.text.reserve(kWindowBytes);
  return window;
}

void DocumentStream::Append(std::string_view field, std::string_view chunk) {
  FieldWindow& window = FieldNamed(field);
  if (window.base + window.text.size() + window.padding.removed() + chunk.size() + 4 >=
      internal::kMaxFieldBytes) {
    throw Error("field `" + std::string(field) + "` of stream `" + document_.id +
                "` reached 4 GiB; split it into several documents");
  }
  Fill(window, window.padding.Append(chunk, window.base + window.text.size(), &window.gaps));
}

void DocumentStream::Fill(FieldWindow& window, std::string_view chunk) {
  while (!chunk.empty()) {
    const std::size_t room = kWindowBytes - window.text.size();
    window.text.append(chunk.substr(0, room));
    chunk.remove_prefix(std::min(room, chunk.size()));
    if (window.text.size() == kWindowBytes) ScanWindow(window, false);
  }
}

// Scans the window, keeps the matches it alone can decide, and, unless it
// is the last, slides it to its final kOverlapBytes (at a character start).
void DocumentStream::ScanWindow(FieldWindow& field, bool last) {
  const auto end = static_cast<std::uint32_t>(field.base + field.text.size());
  internal::ScanState::Window window;
  window.base = static_cast<std::uint32_t>(field.base);
  window.words_before = field.words_before;
  window.after_word = field.after_word;
  window.keep_from = field.base == 0 ? 0 : window.base + static_cast<std::uint32_t>(kContextBytes);
  window.keep_after = static_cast<std::uint32_t>(field.kept_until);
  window.keep_until = last ? end : end - static_cast<std::uint32_t>(kContextBytes);
  const std::size_t found = matches_->pending()->size();
  scanner_.state_->ScanWindow(field.field, document_.fields[field.field].name, field.text, window,
                              matches_->pending(), matches_->pending_texts());
  for (std::size_t i = found; i < matches_->pending()->size(); ++i) {
    internal::Hit& hit = (*matches_->pending())[i].hit;
    hit.begin = static_cast<std::uint32_t>(Original(field, hit.begin, false));
    hit.end = static_cast<std::uint32_t>(Original(field, hit.end, true));
  }
  field.kept_until = window.keep_until;
  if (last) {
    matches_->Settle(field.field, std::numeric_limits<std::uint64_t>::max());
    return;
  }
  // Back to the start of a character: at most 3 bytes, since a UTF-8
  // character has no more continuation bytes; past that the text is not
  // UTF-8 there, and walking on over a run of them would find no cut at all
  // (the window would never slide).
  const std::size_t overlap_starts = field.text.size() - kOverlapBytes;
  std::size_t cut = overlap_starts;
  while (cut > 0 && overlap_starts - cut < 3 && (static_cast<unsigned char>(field.text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  if ((static_cast<unsigned char>(field.text[cut]) & 0xC0) == 0x80) cut = overlap_starts;
  if (matches_->uses_near()) {  // only near() counts words
    field.words_before += internal::CountWordStarts(std::string_view(field.text).substr(0, cut),
                                          &field.after_word);
  }
  field.base += cut;
  field.text.erase(0, cut);
  const auto dropped = std::find_if(field.gaps.begin(), field.gaps.end(),
                                    [&](const internal::PaddingGap& gap) { return gap.at >= field.base; });
  if (dropped != field.gaps.begin()) field.removed_before = std::prev(dropped)->removed_total;
  field.gaps.erase(field.gaps.begin(), dropped);
  // No later window keeps a match beginning before its own first
  // kContextBytes.
  matches_->Settle(field.field, Original(field, field.base + kContextBytes, false));
}

// The original offset of compacted offset `at`: the bytes left out before
// it are added; those left out exactly at it count for a start (they come
// before the character there), and for an end only as far as they extend
// the cluster it ends (PaddingGap::cluster_bytes).
std::uint64_t DocumentStream::Original(const FieldWindow& field, std::uint64_t at, bool end) {
  std::uint64_t removed = field.removed_before;
  for (const internal::PaddingGap& gap : field.gaps) {
    if (gap.at > at) break;
    if (end && gap.at == at) {  // an end reaches past the cluster's extenders left out there
      removed += gap.cluster_bytes;
      break;
    }
    removed = gap.removed_total;
  }
  return at + removed;
}

void DocumentStream::AddMetadata(std::string key, std::string value) {
  document_.metadata.emplace_back(std::move(key), std::move(value));
}

const Verdict& DocumentStream::Finish() { return Finish(document_); }

const Verdict& DocumentStream::Finish(const Document& whole) {
  for (FieldWindow& window : windows_) {
    Fill(window, window.padding.Flush());
    ScanWindow(window, true);
  }
  for (FieldWindow& window : windows_) window.text.clear();
  // A span's text comes from the verdict; its field, by index, from the
  // document, which must then name the stream's fields in the same order.
  bool same_fields = whole.fields.size() == document_.fields.size();
  for (std::size_t i = 0; same_fields && i < whole.fields.size(); ++i) {
    same_fields = whole.fields[i].name == document_.fields[i].name;
  }
  return scanner_.state_->Decide(*scanner_.program_, same_fields ? whole : document_,
                                 matches_->kept(), matches_->kept_texts());
}

void DocumentStream::Reset(std::string id) {
  document_.Clear();
  document_.id = std::move(id);
  windows_.clear();
  matches_->Clear();
}

std::size_t DocumentStream::buffered_bytes() const {
  std::size_t bytes = matches_->bytes();
  for (const FieldWindow& window : windows_) bytes += window.text.capacity() + sizeof(window);
  return bytes;
}

}  // namespace bylaw
