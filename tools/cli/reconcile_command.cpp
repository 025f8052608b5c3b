#include "reconcile_command.hpp"

#include <fmt/format.h>

#include "create_request.hpp"
#include "exit_codes.hpp"
#include "session.hpp"

namespace paylink_cli {

int reconcile(const Arguments& args, const Console& console) {
  expect_positionals(args, 0, "no ID");
  const Vendor vendor = parse_vendor(required_value(args, "--provider"));
  const std::string key = required_value(args, "--reconcile-key");
  if (key.empty()) throw usage_error("--reconcile-key is empty; use the key the failed create printed");
  // The same request as the lost create: MultiSafepay compares the order it finds with it, and Qonto and
  // SmarterPay replay it under the same idempotency key.
  const paylink::CreateLinkRequest request = build_create_request(vendor, args);
  Session s = open_session(args, console);
  paylink::Error lost = paylink::Error::make(paylink::ErrorCode::ambiguous, "the create's outcome is unknown");
  lost.reconcile_key = key;
  lost.request_sent = true;
  auto link = s.client->reconcile_create(request, lost, s.call());
  if (!link) {
    paylink::Error error = link.error();
    // A vendor that is asked (MultiSafepay, by order_id) and knows no such link: the create did not happen. A
    // replayed create's not_found (Qonto, SmarterPay) is a refusal of the create itself, reported as such.
    if (error.code == paylink::ErrorCode::not_found && s.transport->sends() > 0 &&
        s.client->capabilities().reconcile_create) {
      throw Failure(kRefused, one_line(fmt::format("{} has no link for reconcile key {}: the create did not happen, "
                                                   "and it is safe to create it again",
                                                   vendor_name(vendor), key)));
    }
    // A replayed create (Qonto, SmarterPay) that went unanswered again leaves the outcome as unknown as before.
    if (exit_code_for(error, s.transport->sends()) == kUnavailable && s.transport->unanswered() > 0) {
      error.code = paylink::ErrorCode::ambiguous;
      fail(s, "reconcile", error, "run the same paylink reconcile again");
    }
    fail(s, "reconcile", error);
  }
  print_link(console, *link, s.json);
  return kSuccess;
}

}  // namespace paylink_cli
