import { Component, type ReactNode } from "react";

/**
 * Keeps a screen's crash to that screen: the header, the menu and the live feed stay, and the
 * user can go elsewhere. `resetKey` (the path) clears the error on navigation.
 */
export class ScreenErrorBoundary extends Component<
  { children: ReactNode; message: string; resetKey: string },
  { failedAt: string | undefined }
> {
  override state: { failedAt: string | undefined } = { failedAt: undefined };

  static getDerivedStateFromError(): { failedAt: string } {
    return { failedAt: "pending" };
  }

  override componentDidCatch(): void {
    this.setState({ failedAt: this.props.resetKey });
  }

  override render(): ReactNode {
    const { failedAt } = this.state;
    if (failedAt !== undefined && (failedAt === "pending" || failedAt === this.props.resetKey)) {
      return (
        <p role="alert" className="loading">
          {this.props.message}
        </p>
      );
    }
    return this.props.children;
  }
}
