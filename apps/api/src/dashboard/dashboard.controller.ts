import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { dashboardPolicy } from './dashboard.csp';
import { DASHBOARD_HTML } from './dashboard.page';

const POLICY = dashboardPolicy(DASHBOARD_HTML);

/** The dashboard at `/`: a page anyone may load; its data comes from the API under the user's own key. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', POLICY)
  page(): string {
    return DASHBOARD_HTML;
  }
}
