import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Penaxtra", template: "%s · Penaxtra" },
  description: "LLM endpoint security operations",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
