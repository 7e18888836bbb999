/** Like QueryBoundary, but renders nothing on error: for optional header widgets. */
import { Component, type ReactNode } from "react";

export class QueryBoundaryQuiet extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}
