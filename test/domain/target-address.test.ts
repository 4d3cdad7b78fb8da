// The SSRF guard's address check, by unit tests that open no connection: every special-purpose range
// is refused, public addresses pass.
import { describe, expect, it } from "vitest";
import { isPublicAddress } from "../../src/domain/target-address.js";

describe("webhook target addresses", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.10",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "192.0.2.5",
    "198.18.0.1",
    "::1",
    "[::1]",
    "::",
    "fe80::1%eth0",
    "fd12:3456::1",
    "fc00::1",
    "ff02::1",
    "2001:db8::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:7f00:1",
    "::ffff:a00:1",
    "::7f00:1",
    "::a00:1",
    "::808:808",
    "64:ff9b::a00:1",
    "localhost",
    "not an address",
    "",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    "93.184.216.34",
    "1.1.1.1",
    "8.8.8.8",
    "172.32.0.1",
    "192.169.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
  ])("lets %s through", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});
