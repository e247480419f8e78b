import { Component, ReactNode } from 'react';

/** A page that fails to draw says so, and the rest of the dashboard (header, navigation) stays usable. */
export class PageBoundary extends Component<{ children: ReactNode; page: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: { page: string }) {
    if (previous.page !== this.props.page && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) {
      return (
        <p className="problem" role="alert">
          {String(this.state.error)}
        </p>
      );
    }
    return this.props.children;
  }
}
