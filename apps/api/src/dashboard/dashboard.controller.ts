import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { WEB_APP_POLICY, webAppPage } from './web-app';

/**
 * The dashboard at `/` (apps/web, built into dist/web): a page anyone may load; its data comes
 * from the API under the user's own key. Its scripts and styles are under /assets.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly page = webAppPage();

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', WEB_APP_POLICY)
  @Header('Cache-Control', 'no-cache')
  index(): string {
    return this.page;
  }
}
