#include "testing/fake_vendor_server.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/json.hpp"
#include "testing/fake_vendor_rules.hpp"
#include "testing/fake_vendor_store.hpp"
#include "testing/fake_vendor_wire.hpp"

namespace paylink::testing::fake_vendor {
namespace {

using State = FakeVendor::State;
using Query = std::map<std::string, std::string>;

// The status a scripted error comes with when the script gives none.
int usual_status(ErrorCode code) noexcept {
  constexpr std::pair<ErrorCode, int> kUsual[] = {
      {ErrorCode::auth, 401},        {ErrorCode::validation, 422},   {ErrorCode::not_found, 404},
      {ErrorCode::conflict, 409},    {ErrorCode::rate_limited, 429}, {ErrorCode::invalid_response, 502},
      {ErrorCode::unsupported, 501},
  };
  for (const auto& [known, status] : kUsual) {
    if (known == code) return status;
  }
  return 500;
}

// --- Reading a request -----------------------------------------------------------------------------

std::string percent_decode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct Target {
  std::vector<std::string> path;
  Query query;
};

std::optional<Target> parse_target(std::string_view url) {
  const std::string base = std::string(kBaseUrl) + "/";
  if (url.substr(0, base.size()) != base) return std::nullopt;
  url.remove_prefix(base.size());
  const auto q = url.find('?');
  std::string_view path = url.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : url.substr(q + 1);
  Target t;
  while (!path.empty()) {
    const auto slash = path.find('/');
    t.path.push_back(percent_decode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    t.query[percent_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return t;
}

// Where a page starts: after the item that "starting_after" names, or at the first. nullopt when the
// cursor names none of `items`.
template <typename T>
std::optional<std::size_t> page_start(const std::vector<T*>& items, const Query& query) {
  const auto cursor = query.find("starting_after");
  if (cursor == query.end()) return 0;
  const auto at = std::find_if(items.begin(), items.end(), [&](const T* item) { return item->id == cursor->second; });
  if (at == items.end()) return std::nullopt;
  return static_cast<std::size_t>(at - items.begin()) + 1;
}

// --- Answering -------------------------------------------------------------------------------------

HttpResponse answer(int status, const Json& body, const std::string& request_id) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}, {std::string(kRequestIdHeader), request_id}};
  r.body = detail::dump_json(body);
  return r;
}

HttpResponse error_answer(int status, const Error& error, const std::string& request_id) {
  HttpResponse response = answer(status, error_json(error, request_id), request_id);
  if (error.retry_after) {
    response.headers.emplace_back("Retry-After", std::to_string((error.retry_after->count() + 999) / 1000));
  }
  return response;
}

HttpResponse failure(int status, ErrorCode code, std::string vendor_code, std::string_view message,
                     const std::string& request_id) {
  Error e = Error::make(code, fmt::format("{}: {}", kName, message));
  e.vendor_code = std::move(vendor_code);
  return error_answer(status, e, request_id);
}

// A refusal by the rules the adapter also applies; `e` is a `validation` error naming the field.
HttpResponse refusal(Error e, const std::string& request_id) {
  e.vendor_code = "invalid_request";
  return error_answer(422, e, request_id);
}

HttpResponse no_link(std::string_view id, const std::string& request_id) {
  return failure(404, ErrorCode::not_found, "link_not_found",
                 fmt::format("no link \"{}\"", detail::bounded_text(id, 80)), request_id);
}

// A page of the first `limit` of `items`; the last one's id is the next cursor when more follow.
template <typename T, typename ToJson>
Json page(std::string_view key, const std::vector<T*>& items, std::size_t limit, ToJson to_json) {
  Json out = Json::array();
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) out.push_back(to_json(*items[i]));
  return page_json(key, std::move(out), items.size() > limit ? items[limit - 1]->id : std::string());
}

class FakeVendorServer final : public Transport {
 public:
  explicit FakeVendorServer(std::shared_ptr<State> state) : state_(std::move(state)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::optional<Scripted> scripted = state_->take_script();
    const std::string request_id = fmt::format("req_{}", state_->requests);
    if (scripted && !scripted->act_then_lose) return scripted_failure(std::move(scripted->error), request_id);
    HttpResponse response = handle(request, request_id);
    if (scripted) return std::move(scripted->error);
    return response;
  }

 private:
  static Result<HttpResponse> scripted_failure(Error error, const std::string& request_id) {
    if (error.code == ErrorCode::ambiguous) {
      error.code = ErrorCode::network;
      error.request_sent = true;
      error.retryable = true;
    }
    if (error.code == ErrorCode::network || error.code == ErrorCode::timeout || error.code == ErrorCode::canceled) {
      return error;
    }
    return error_answer(error.http_status >= 400 ? error.http_status : usual_status(error.code), error, request_id);
  }

  HttpResponse handle(const HttpRequest& request, const std::string& rid) {
    const auto target = parse_target(request.url);
    const auto route_missing = [&] {
      return failure(404, ErrorCode::not_found, "no_route",
                     fmt::format("no route {} {}", to_string(request.method), detail::bounded_text(request.url, 120)),
                     rid);
    };
    if (!target) return route_missing();
    const auto& p = target->path;
    const HttpMethod m = request.method;
    const Timestamp now = state_->now();
    if (p.size() == 1 && p[0] == "links") {
      if (m == HttpMethod::post) return create(request, now, rid);
      if (m == HttpMethod::get) return list(target->query, now, rid);
    } else if (p.size() == 2 && p[0] == "links") {
      if (m == HttpMethod::get) return get(p[1], now, rid);
      if (m == HttpMethod::patch) return update(p[1], request.body, now, rid);
    } else if (p.size() == 3 && p[0] == "links" && p[2] == "expire" && m == HttpMethod::post) {
      return expire(p[1], now, rid);
    } else if (p.size() == 3 && p[0] == "links" && p[2] == "payments" && m == HttpMethod::get) {
      return list_payments(p[1], target->query, rid);
    } else if (p.size() == 1 && p[0] == "payment_methods" && m == HttpMethod::get) {
      Json methods = Json::array();
      for (const auto& method : state_->options.payment_methods) methods.push_back(payment_method_json(method));
      return answer(200, Json{{"payment_methods", std::move(methods)}}, rid);
    } else if (p.size() == 2 && p[0] == "creates" && m == HttpMethod::get) {
      const auto it = state_->by_request_key.find(p[1]);
      if (it == state_->by_request_key.end()) {
        return failure(404, ErrorCode::not_found, "create_not_found", "no link was created by that request", rid);
      }
      return link_answer(200, state_->links[it->second], now, rid);
    }
    return route_missing();
  }

  HttpResponse link_answer(int status, LinkRecord& link, Timestamp now, const std::string& rid) {
    state_->refresh(link, now);
    return answer(status, Json{{"link", link_json(link)}}, rid);
  }

  HttpResponse create(const HttpRequest& request, Timestamp now, const std::string& rid) {
    auto body = create_body_from(request.body);
    if (!body) return refusal(body.error(), rid);
    auto amount = validate_create(body->request);
    if (!amount) return refusal(amount.error(), rid);

    const std::string key = find_header(request.headers, kIdempotencyKeyHeader).value_or("");
    if (const auto it = state_->by_idempotency_key.find(key); it != state_->by_idempotency_key.end()) {
      if (it->second.request_body != request.body) {
        return failure(409, ErrorCode::conflict, "idempotency_key_reused",
                       "this Idempotency-Key was used with a different request", rid);
      }
      return link_answer(200, state_->links[it->second.index], now, rid);  // the replay of a create that happened
    }

    LinkRecord link;
    link.amount = *amount;
    link.created_at = now;
    if (body->request.lifetime) link.expires_at = now + *body->request.lifetime;
    link.request = std::move(body->request);
    return link_answer(201, state_->add(std::move(link), key, request.body, body->request_key), now, rid);
  }

  HttpResponse get(const std::string& id, Timestamp now, const std::string& rid) {
    LinkRecord* link = state_->find(id);
    return link ? link_answer(200, *link, now, rid) : no_link(id, rid);
  }

  // The "limit" parameter: 1 to the largest page; the default page size without one.
  Result<std::size_t> read_limit(const Query& query) const {
    const auto it = query.find("limit");
    if (it == query.end()) return static_cast<std::size_t>(state_->options.default_page_size);
    const std::string& text = it->second;
    const bool digits = !text.empty() && text.size() <= 6 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int value = digits ? std::stoi(text) : -1;
    if (value < 1 || value > state_->options.max_page_size) {
      return refused("page_size", fmt::format("limit must be 1 to {}", state_->options.max_page_size));
    }
    return static_cast<std::size_t>(value);
  }

  HttpResponse list(const Query& query, Timestamp now, const std::string& rid) {
    static const std::vector<std::string> known = {"limit",     "starting_after", "status",
                                                   "reference", "sort_field",     "sort_order"};
    for (const auto& [name, value] : query) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        return refusal(refused("filters." + name, fmt::format("unknown parameter \"{}\"", name)), rid);
      }
    }
    const auto limit = read_limit(query);
    if (!limit) return refusal(limit.error(), rid);
    std::optional<LinkStatus> status;
    if (const auto it = query.find("status"); it != query.end()) {
      status = parse_link_status(it->second);
      if (!status) return refusal(refused("status", "unknown status"), rid);
    }
    if (const auto it = query.find("sort_field"); it != query.end() && it->second != kSortByCreation) {
      return refusal(refused("sort_field", "unknown sort field"), rid);
    }
    const auto order = query.find("sort_order");
    const auto reference = query.find("reference");

    // A cursor counts among every link, so that it stays valid when its own link no longer matches.
    std::vector<LinkRecord*> ordered;
    for (LinkRecord& link : state_->links) {
      state_->refresh(link, now);
      ordered.push_back(&link);
    }
    if (order != query.end() && order->second == "desc") std::reverse(ordered.begin(), ordered.end());
    const auto start = page_start(ordered, query);
    if (!start) return refusal(refused("cursor", "the cursor names no link"), rid);
    std::vector<LinkRecord*> matching;
    for (std::size_t i = *start; i < ordered.size(); ++i) {
      const LinkRecord& link = *ordered[i];
      if (status && link.status != *status) continue;
      if (reference != query.end() && link.request.reference != reference->second) continue;
      matching.push_back(ordered[i]);
    }
    return answer(200, page("links", matching, *limit, link_json), rid);
  }

  HttpResponse expire(const std::string& id, Timestamp now, const std::string& rid) {
    LinkRecord* link = state_->find(id);
    if (!link) return no_link(id, rid);
    state_->refresh(*link, now);
    if (link->status != LinkStatus::open && link->status != LinkStatus::expired) {
      return failure(409, ErrorCode::conflict, "link_not_open",
                     fmt::format("link {} is {} and cannot be expired", id, to_string(link->status)), rid);
    }
    link->status = LinkStatus::expired;
    return link_answer(200, *link, now, rid);
  }

  HttpResponse update(const std::string& id, const std::string& body, Timestamp now, const std::string& rid) {
    LinkRecord* link = state_->find(id);
    if (!link) return no_link(id, rid);
    const auto patch = update_body_from(body);
    if (!patch || patch->empty()) {
      return refusal(refused("metadata", "metadata must be a non-empty object of strings"), rid);
    }
    if (auto e = check_metadata(*patch)) return refusal(*e, rid);
    auto merged = link->request.metadata;
    for (const auto& [key, value] : *patch) {
      if (value.empty())
        merged.erase(key);
      else
        merged[key] = value;
    }
    if (auto e = check_metadata(merged)) return refusal(*e, rid);
    link->request.metadata = std::move(merged);
    return link_answer(200, *link, now, rid);
  }

  HttpResponse list_payments(const std::string& id, const Query& query, const std::string& rid) {
    LinkRecord* link = state_->find(id);
    if (!link) return no_link(id, rid);
    const auto limit = read_limit(query);
    if (!limit) return refusal(limit.error(), rid);
    std::vector<LinkPayment*> payments;
    for (LinkPayment& payment : link->payments) payments.push_back(&payment);
    const auto start = page_start(payments, query);
    if (!start) return refusal(refused("cursor", "the cursor names no payment of this link"), rid);
    payments.erase(payments.begin(), payments.begin() + static_cast<std::ptrdiff_t>(*start));
    return answer(200, page("payments", payments, *limit, payment_json), rid);
  }

  std::shared_ptr<State> state_;
};

}  // namespace

std::shared_ptr<Transport> make_server(std::shared_ptr<FakeVendor::State> store) {
  return std::make_shared<FakeVendorServer>(std::move(store));
}

}  // namespace paylink::testing::fake_vendor
